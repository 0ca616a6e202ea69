// swift-tools-version: 6.1
import PackageDescription

// lstm-serve: a Hummingbird 2 server that runs converted `.lstmw` models behind
// TensorFlow Serving's REST API. It is its own package so that the root package's build and CI
// stay free of the server stack (Hummingbird, SwiftNIO).
// lstm-serve itself needs only the LSTMRuntime and LSTMW products (no HDF5); the tests also use
// KerasImport, to convert the Keras fixtures they compare against, so they need libhdf5-dev.
//
// A path dependency's identity is its folder's name, which depends on where the repository was cloned.
let rootPackage = String(Context.packageDirectory.split(separator: "/").dropLast(1).last ?? "main")

let package = Package(
    name: "Server",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lstm-serve", targets: ["lstm-serve"]),
        .executable(name: "lstmw-testdata", targets: ["lstmw-testdata"]),
        .library(name: "ModelServer", targets: ["ModelServer"]),
        // The request body decoder alone (needs only LSTMW), for the fuzz target in ../Fuzz.
        .library(name: "RequestDecoding", targets: ["RequestDecoding"]),
    ],
    dependencies: [
        .package(path: ".."),
        // The ConfigurationSupport trait (swift-configuration) is not used: options come from the command line.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(
            // `:predict` bodies (JSON) to tensors, with no server stack, so that it can be fuzzed.
            name: "RequestDecoding",
            dependencies: [.product(name: "LSTMW", package: rootPackage)]
        ),
        .target(
            name: "ModelServer",
            dependencies: [
                "RequestDecoding",
                .product(name: "LSTMRuntime", package: rootPackage),
                .product(name: "LSTMW", package: rootPackage),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "lstm-serve",
            dependencies: [
                "ModelServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            // Test data for the load test: a random model of any size, request bodies, .npy as JSON.
            name: "lstmw-testdata",
            dependencies: [
                .product(name: "LSTMW", package: rootPackage),
                .product(name: "NPY", package: rootPackage),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ModelServerTests",
            dependencies: [
                "ModelServer",
                "RequestDecoding",
                .product(name: "KerasImport", package: rootPackage),
                .product(name: "LSTMRuntime", package: rootPackage),
                .product(name: "LSTMW", package: rootPackage),
                .product(name: "NPY", package: rootPackage),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                // The tests' own HTTP client (Support/TestClient.swift) instead of HummingbirdTesting,
                // whose async-http-client, swift-nio-ssl (BoringSSL) and swift-nio-http2 more than
                // doubled the build.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
