// swift-tools-version:6.0
// The Veles Stripe integration: services talking protobuf RPC over ZeroMQ.
import PackageDescription

/// System libraries come from Debian packages; each names the package that provides it.
/// libzmq's pkg-config file adds `-isystem` flags SwiftPM refuses, and its header sits in
/// /usr/include anyway, so it goes without pkg-config.
func systemLibrary(_ name: String, pkgConfig: String?, apt: String) -> Target {
    .systemLibrary(name: name, path: "Shared/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "Veles",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "broker", targets: ["Broker"]),
        .executable(name: "connection", targets: ["Connection"]),
        .executable(name: "customer-sync", targets: ["CustomerSync"]),
        .executable(name: "catalog-sync", targets: ["CatalogSync"]),
        .executable(name: "gateway", targets: ["Gateway"]),
        .executable(name: "stripe-sim", targets: ["StripeSim"]),
        .executable(name: "velesctl", targets: ["Velesctl"]),
        .executable(name: "veles", targets: ["Supervisor"]),
        .executable(name: "veles-bench", targets: ["Benchmarks"]),
    ],
    targets: [
        // MARK: C libraries
        systemLibrary("CZmq", pkgConfig: nil, apt: "libzmq3-dev"),
        systemLibrary("CSQLite", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        systemLibrary("CCrypto", pkgConfig: "libcrypto", apt: "libssl-dev"),
        systemLibrary("CMicroHTTPD", pkgConfig: "libmicrohttpd", apt: "libmicrohttpd-dev"),
        systemLibrary("CProtobufC", pkgConfig: "libprotobuf-c", apt: "libprotobuf-c-dev"),
        systemLibrary("CPSL", pkgConfig: "libpsl", apt: "libpsl-dev"),

        // MARK: Protobuf
        .target(name: "ProtoRuntime", path: "Shared/ProtoRuntime"),
        .executableTarget(name: "ProtocGenVeles", dependencies: ["ProtoRuntime"], path: "Shared/ProtocGenVeles"),
        .plugin(name: "VelesProtoPlugin", capability: .buildTool(), dependencies: [.target(name: "ProtocGenVeles")], path: "Shared/ProtoBuildPlugin"),

        // MARK: Shared libraries
        .target(name: "Support", path: "Shared/Support"),
        .target(name: "Crypto", dependencies: ["CCrypto"], path: "Shared/Crypto"),
        .target(name: "Store", dependencies: ["CSQLite", "Support"], path: "Shared/Store"),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD", "Support"], path: "Shared/HTTPServer"),
        .target(name: "Bus", dependencies: ["CZmq", "ProtoRuntime", "Support"], path: "Shared/Bus", exclude: ["README.md"], plugins: ["VelesProtoPlugin"]),
        .target(name: "VelesAPI", dependencies: ["Bus", "ProtoRuntime"], path: "Shared/VelesAPI", plugins: ["VelesProtoPlugin"]),
        .target(name: "StripeClient", dependencies: ["Crypto", "Support"], path: "Shared/StripeClient"),
        .target(name: "Normalization", path: "Shared/Normalization"),
        .target(name: "SyncEngine", dependencies: ["Store", "StripeClient", "Bus", "VelesAPI", "Support"], path: "Shared/SyncEngine"),

        // MARK: Services (one process each)
        .executableTarget(name: "Broker", dependencies: ["Bus", "VelesAPI", "ProtoRuntime", "Support"], path: "Services/Broker"),
        .executableTarget(name: "Connection", dependencies: ["Bus", "VelesAPI", "Store", "StripeClient", "Crypto", "Support"], path: "Services/Connection", exclude: ["README.md"]),
        .target(name: "CustomerMatching", dependencies: ["Normalization", "CPSL"], path: "Services/CustomerSync/Matching"),
        .executableTarget(name: "CustomerSync", dependencies: ["Bus", "VelesAPI", "Store", "StripeClient", "SyncEngine", "CustomerMatching", "Normalization", "Support"], path: "Services/CustomerSync", exclude: ["Matching"]),
        .executableTarget(name: "CatalogSync", dependencies: ["Bus", "VelesAPI", "Store", "StripeClient", "SyncEngine", "Normalization", "Support"], path: "Services/CatalogSync"),
        .executableTarget(name: "Gateway", dependencies: ["Bus", "ProtoRuntime", "VelesAPI", "Store", "HTTPServer", "StripeClient", "Crypto", "Support"], path: "Services/Gateway"),
        .executableTarget(name: "StripeSim", dependencies: ["HTTPServer", "Crypto", "Support"], path: "Services/StripeSim"),
        .executableTarget(name: "Velesctl", dependencies: ["Bus", "VelesAPI", "ProtoRuntime", "Support"], path: "Services/Velesctl"),
        .executableTarget(name: "Supervisor", dependencies: ["Support"], path: "Services/Supervisor"),

        // MARK: Tests
        .executableTarget(name: "BusTestWorker", dependencies: ["Bus", "Support"], path: "Tests/BusTestWorker"),
        .target(name: "TestSupport", dependencies: ["Support"], path: "Tests/TestSupport"),
        .target(name: "CConformance", dependencies: ["CProtobufC"], path: "Tests/CConformance"),
        .target(name: "ConformanceProto", dependencies: ["ProtoRuntime", "Bus"], path: "Tests/ConformanceProto", plugins: ["VelesProtoPlugin"]),
        .executableTarget(name: "Benchmarks", dependencies: ["ProtoRuntime", "ConformanceProto", "CConformance", "Bus", "StripeClient", "CustomerMatching", "Support", "VelesAPI", "TestSupport"], path: "Tests/Benchmarks", exclude: ["grpc-peer"]),
        .testTarget(name: "ProtoRuntimeTests", dependencies: ["ProtoRuntime", "ProtocGenVeles", "ConformanceProto", "CConformance", "Bus", "VelesAPI"], path: "Tests/ProtoRuntimeTests"),
        .testTarget(name: "SupportTests", dependencies: ["Support", "Crypto", "Store", "TestSupport"], path: "Tests/SupportTests"),
        .testTarget(name: "SyncEngineTests", dependencies: ["SyncEngine", "Store", "TestSupport", "Bus", "ProtoRuntime"], path: "Tests/SyncEngineTests"),
        .testTarget(name: "BusTests", dependencies: ["Bus", "ProtoRuntime", "TestSupport"], path: "Tests/BusTests"),
        .testTarget(name: "StripeSimTests", dependencies: ["StripeSim", "HTTPServer", "TestSupport"], path: "Tests/StripeSimTests", exclude: ["python"]),
        .testTarget(name: "StripeClientTests", dependencies: ["StripeClient", "TestSupport"], path: "Tests/StripeClientTests"),
        .testTarget(name: "CustomerSyncTests", dependencies: ["CustomerSync", "CustomerMatching", "Normalization", "TestSupport", "Bus", "VelesAPI", "StripeClient", "SyncEngine", "Store"], path: "Tests/CustomerSyncTests"),
        .testTarget(name: "CatalogSyncTests", dependencies: ["CatalogSync", "Store", "SyncEngine", "Normalization", "StripeClient", "Support", "TestSupport", "Bus", "VelesAPI", "ProtoRuntime"], path: "Tests/CatalogSyncTests"),
        .executableTarget(name: "ConnectionLoadClient", dependencies: ["Bus", "VelesAPI", "StripeClient", "Support"], path: "Tests/ConnectionLoadClient"),
        .testTarget(name: "ConnectionTests", dependencies: ["Connection", "TestSupport", "VelesAPI", "Bus", "StripeClient"], path: "Tests/ConnectionTests"),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "TestSupport", "Bus", "ProtoRuntime", "VelesAPI", "StripeClient", "Crypto"], path: "Tests/GatewayTests"),
        .testTarget(name: "SupervisorTests", dependencies: ["Supervisor"], path: "Tests/SupervisorTests"),
        .testTarget(name: "IntegrationTests", dependencies: ["TestSupport", "VelesAPI", "Bus"], path: "Tests/IntegrationTests", exclude: ["Scripts"]),
    ]
)
