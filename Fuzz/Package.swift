// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for every parser that reads untrusted bytes. Build and run them with
// tools/fuzz.sh (see docs/fuzzing.md); a plain `swift build` of this package is not useful,
// since each target only gets a `main` from libFuzzer (-sanitize=fuzzer).
//
// A path dependency's identity is its folder's name, which depends on where the repository was cloned.
let rootPackage = String(Context.packageDirectory.split(separator: "/").dropLast(1).last ?? "main")

let package = Package(
    name: "Fuzz",
    dependencies: [
        .package(path: ".."),
        // For the request decoder alone (its RequestDecoding product needs only LSTMW); resolving
        // this package fetches the server's dependencies but builds none of them.
        .package(path: "../Server"),
    ],
    targets: [
        .target(name: "CFuzzer", path: "Sources/CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer"], path: "Sources/FuzzSupport"),
        // The checks fuzz-hdf5 and fuzz-keras share once KerasImport has opened the input.
        .target(
            name: "FuzzImport",
            dependencies: [
                "FuzzSupport",
                .product(name: "KerasImport", package: rootPackage),
                .product(name: "LSTMW", package: rootPackage),
            ],
            path: "Sources/FuzzImport"
        ),
        .executableTarget(
            name: "fuzz-lstmw",
            dependencies: ["FuzzSupport", .product(name: "LSTMW", package: rootPackage)],
            path: "Sources/fuzz-lstmw"
        ),
        .executableTarget(
            name: "fuzz-npy",
            dependencies: ["FuzzSupport", .product(name: "NPY", package: rootPackage)],
            path: "Sources/fuzz-npy"
        ),
        .executableTarget(
            name: "fuzz-config",
            dependencies: ["FuzzSupport", .product(name: "KerasImport", package: rootPackage)],
            path: "Sources/fuzz-config"
        ),
        .executableTarget(
            name: "fuzz-hdf5",
            dependencies: ["FuzzImport", "FuzzSupport", .product(name: "KerasImport", package: rootPackage)],
            path: "Sources/fuzz-hdf5"
        ),
        .executableTarget(
            name: "fuzz-keras",
            dependencies: ["FuzzImport", "FuzzSupport", .product(name: "KerasImport", package: rootPackage)],
            path: "Sources/fuzz-keras"
        ),
        .executableTarget(
            name: "fuzz-predict",
            dependencies: [
                "FuzzSupport",
                .product(name: "RequestDecoding", package: "Server"),
                .product(name: "LSTMW", package: rootPackage),
            ],
            path: "Sources/fuzz-predict"
        ),
    ]
)
