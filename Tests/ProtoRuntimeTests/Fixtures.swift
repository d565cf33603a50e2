import ConformanceProto
import ProtoRuntime

/// Shared sample messages for the runtime tests.
enum Fixtures {
    typealias AllTypes = Veles_Conformance_V1_AllTypes
    typealias Inner = Veles_Conformance_V1_Inner

    static func inner(_ id: Int32, depth: Int = 1) -> Inner {
        var inner = Inner()
        inner.id = id
        inner.label = "inner-\(id) ✓"
        inner.values = [-1, 0, 1, Int64.min, Int64.max]
        if depth > 1 { inner.child = Fixtures.inner(id + 1, depth: depth - 1) }
        return inner
    }

    /// Every field set, most of them to extreme values.
    static func maximal() -> AllTypes {
        var message = AllTypes()
        message.fInt32 = .min
        message.fInt64 = .min
        message.fUint32 = .max
        message.fUint64 = .max
        message.fSint32 = .min
        message.fSint64 = .max
        message.fFixed32 = .max
        message.fFixed64 = .max
        message.fSfixed32 = .min
        message.fSfixed64 = .min
        message.fFloat = .greatestFiniteMagnitude
        message.fDouble = -.leastNonzeroMagnitude
        message.fBool = true
        message.fString = "héllo, 世界 🌍"
        message.fBytes = [0, 1, 2, 0xFF, 0x80]
        message.fEnum = .blue
        message.fMessage = inner(7, depth: 3)
        message.rInt32 = [0, -1, .max, .min]
        message.rInt64 = [0, -1, .max, .min]
        message.rUint32 = [0, 1, .max]
        message.rUint64 = [0, 1, .max]
        message.rSint32 = [0, -1, 1, .max, .min]
        message.rSint64 = [0, -1, 1, .max, .min]
        message.rFixed32 = [0, .max]
        message.rFixed64 = [0, .max]
        message.rSfixed32 = [.min, .max]
        message.rSfixed64 = [.min, .max]
        message.rFloat = [0, -1.5, .infinity, -.infinity]
        message.rDouble = [0, 3.25, .greatestFiniteMagnitude]
        message.rBool = [true, false, true]
        message.rString = ["", "a", "ü"]
        message.rBytes = [[], [0], [1, 2, 3]]
        message.rEnum = [.red, .green, .unrecognized(99)]
        message.rMessage = [inner(1), Inner(), inner(2, depth: 2)]
        message.rInt32Unpacked = [5, -5, 0]
        message.rDoubleUnpacked = [1.5, -2.5]
        message.mStringInt32 = ["a": 1, "b": -2, "": 0]
        message.mInt64String = [.min: "min", .max: "max", 0: ""]
        message.mUint32Inner = [1: inner(1), 2: Inner()]
        message.mBoolBytes = [true: [1], false: []]
        message.mSint32Color = [-1: .red, 1: .unrecognized(42)]
        message.mFixed64Double = [.max: -0.5]
        message.oString = "chosen"
        return message
    }
}
