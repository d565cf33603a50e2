import Foundation
import Testing
@testable import Supervisor

@Suite struct DemoDatasetTests {
    @Test func velesRecordsGoOutInBatchesTheGatewayAccepts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let customers = (0..<1_201).map { ["id": "vc_\($0)", "name": "Company \($0)"] }
        let products = [["id": "vp_1", "name": "Seat"]]
        try JSONSerialization.data(withJSONObject: ["customers": customers, "products": products])
            .write(to: folder.appendingPathComponent("veles.json"))

        let batches = try DemoDataset(folder: folder).velesCustomerBatches()
        let sizes = try batches.map { batch in
            let object = try #require(try JSONSerialization.jsonObject(with: batch) as? [String: Any])
            #expect(Array(object.keys) == ["customers"])
            return (object["customers"] as? [Any])?.count ?? -1
        }
        #expect(sizes == [500, 500, 201])
        #expect(try DemoDataset(folder: folder).velesProductBatches().count == 1)
    }

    @Test func aMissingDatasetSaysHowToMakeIt() {
        let folder = URL(fileURLWithPath: "/nonexistent/dataset")
        #expect(throws: DemoError.self) { try DemoDataset(folder: folder).velesCustomerBatches() }
        do {
            _ = try DemoDataset(folder: folder).velesCustomerBatches()
        } catch {
            #expect("\(error)".contains("generate.py"))
        }
    }

    @Test func theCommittedDemoDatasetHasBothSides() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent(UpConfiguration.defaultDataset)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(StripeSimDemo.datasetFile).path))
        #expect(try DemoDataset(folder: folder).velesCustomerBatches().count >= 3)
    }
}

@Suite struct DatasetProductShapeTests {
    @Test func datasetPlansBecomeGatewayPlansWithMoneyObjects() throws {
        let product: [String: Any] = [
            "id": "vp_1", "name": "Starter Seats",
            "pricing_plans": [["currency": "usd", "payment_type": "recurring", "interval": "month", "interval_count": 1,
                               "method": "per_unit", "unit_amount": 1000, "unit_amount_decimal": "1000", "tiers": []]],
        ]
        let shaped = DatasetProductShape.gatewayProduct(product)
        #expect(shaped["pricing_plans"] == nil)
        let plan = try #require((shaped["plans"] as? [[String: Any]])?.first)
        let amount = try #require(plan["unit_amount"] as? [String: Any])
        #expect(amount["amount_minor"] as? Int == 1000)
        #expect(amount["currency"] as? String == "usd")
        #expect(amount["decimal"] as? String == "1000")
        #expect(plan["tiers"] == nil)
        #expect(plan["unit_amount_decimal"] == nil)
        #expect(plan["interval"] as? String == "month")
    }

    @Test func tiersKeepTheirBoundsAndBecomeMoneyWithTheOpenTopTierLeftUnbounded() throws {
        let product: [String: Any] = [
            "id": "vp_2", "name": "Storage Volume",
            "pricing_plans": [["currency": "eur", "payment_type": "recurring", "interval": "month", "interval_count": 1,
                               "method": "volume", "unit_amount": NSNull(), "unit_amount_decimal": NSNull(),
                               "tiers": [["up_to": 10, "unit_amount": 1000, "unit_amount_decimal": "1000", "flat_amount": NSNull()],
                                         ["up_to": NSNull(), "unit_amount": NSNull(), "unit_amount_decimal": NSNull(),
                                          "flat_amount": 500, "flat_amount_decimal": "500"]]]],
        ]
        let plan = try #require((DatasetProductShape.gatewayProduct(product)["plans"] as? [[String: Any]])?.first)
        #expect(plan["unit_amount"] == nil)
        #expect(plan["method"] as? String == "volume")
        let tiers = try #require(plan["tiers"] as? [[String: Any]])
        #expect(tiers.count == 2)
        #expect(tiers[0]["up_to"] as? Int == 10)
        #expect((tiers[0]["unit_amount"] as? [String: Any])?["amount_minor"] as? Int == 1000)
        #expect((tiers[0]["unit_amount"] as? [String: Any])?["currency"] as? String == "eur")
        #expect(tiers[0]["flat_amount"] == nil)
        #expect(tiers[1]["up_to"] == nil)
        #expect(tiers[1]["unit_amount"] == nil)
        #expect((tiers[1]["flat_amount"] as? [String: Any])?["amount_minor"] as? Int == 500)
    }

    @Test func aProductAlreadyInTheGatewaysShapeIsLeftAlone() {
        let product: [String: Any] = ["id": "vp_1", "name": "Seat", "plans": [["currency": "usd"]]]
        #expect((DatasetProductShape.gatewayProduct(product)["plans"] as? [[String: Any]])?.count == 1)
    }
}
