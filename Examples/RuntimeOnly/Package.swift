// swift-tools-version: 6.1
import PackageDescription

// What a Swift server adds to run models: the LSTMRuntime product alone. Its dependency graph
// holds no HDF5, so it builds and links on a machine without libhdf5 (CI checks the binary).
// A path dependency's identity is its folder's name, which depends on where the repository was cloned.
let rootPackage = String(Context.packageDirectory.split(separator: "/").dropLast(2).last ?? "main")

let package = Package(
    name: "RuntimeOnly",
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "runtime-only",
            dependencies: [.product(name: "LSTMRuntime", package: rootPackage)]
        ),
    ]
)
