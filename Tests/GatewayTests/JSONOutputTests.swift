import Foundation
@testable import Gateway
import Testing

extension GatewayTests {
    /// The gateway's own JSON writer: valid JSON that Foundation reads back to the same values.
    @Suite struct JSONRendering {
        @Test func renderedObjectsParseBackToTheSameValues() throws {
            let object: [String: Any] = [
                "name": "Quote \" back\\slash \n tab\t \u{01} ünïcode 🚀", "count": 42, "big": Int64(9_007_199_254_740_993),
                "small": Int32(-7), "flag": true, "off": false, "nothing": NSNull(), "ratio": 0.25,
                "list": ["a", 1, ["nested": true]] as [Any], "empty": [String: Any](), "none": [Any](),
            ]
            let bytes = JSONOutput.encode(object)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            #expect(parsed["name"] as? String == object["name"] as? String)
            #expect((parsed["big"] as? NSNumber)?.int64Value == 9_007_199_254_740_993)
            #expect(parsed["small"] as? Int == -7)
            #expect(parsed["flag"] as? Bool == true && parsed["off"] as? Bool == false)
            #expect(parsed["nothing"] is NSNull)
            #expect(parsed["ratio"] as? Double == 0.25)
            #expect(((parsed["list"] as? [Any])?[2] as? [String: Any])?["nested"] as? Bool == true)
            let keys = String(decoding: bytes, as: UTF8.self)
            #expect(keys.hasPrefix(#"{"big":"#), "keys are written in sorted order")
        }

        // Foundation's formatter goes through a Double and can print .122 for .123; these are exact.
        @Test(arguments: [
            (Int64(1), "1970-01-01T00:00:00.001Z"), (86_399_999, "1970-01-01T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"), (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
            (4_102_444_800_000, "2100-01-01T00:00:00.000Z"), (-1, "1969-12-31T23:59:59.999Z"),
        ])
        func timesAreISO8601InUTCWithMilliseconds(milliseconds: Int64, expected: String) {
            #expect(JSONOutput.iso8601(milliseconds) == expected)
        }
    }
}
