// Generated conformance messages live beside this file (from proto/veles/conformance/v1 via protos.txt).
import ProtoRuntime

/// Messages of the conformance module, for tests that need a registry.
public enum ConformanceFixtures {
    public static let registry = MessageRegistry(ConformanceProtoProtoTypes.all)
}
