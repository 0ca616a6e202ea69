// swift-tools-version: 6.1
import PackageDescription

// Data flows one way: CHDF5 -> HDF5 -> KerasImport -> LSTMW -> LSTMRuntime.
// LSTMW, LSTMRuntime and NPY never depend on HDF5, so a server that only runs
// models builds without libhdf5 (and without ZIPFoundation, which only KerasImport uses).
let package = Package(
    name: "lstm-swift",
    products: [
        .library(name: "LSTMRuntime", targets: ["LSTMRuntime"]),
        .library(name: "LSTMW", targets: ["LSTMW"]),
        .library(name: "KerasImport", targets: ["KerasImport"]),
        .library(name: "NPY", targets: ["NPY"]),
        .executable(name: "lstm-convert", targets: ["lstm-convert"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"]), .brew(["hdf5"]), .yum(["hdf5-devel"])]
        ),
        .target(name: "HDF5", dependencies: ["CHDF5"]),
        .target(name: "FileIO"),
        .target(name: "CCRC32"),
        .target(name: "LSTMW", dependencies: ["CCRC32", "FileIO"]),
        .target(name: "NPY", dependencies: ["FileIO"]),
        // Hot kernels compiled per instruction set with function attributes, chosen at run time.
        .target(name: "CKernels"),
        .target(name: "LSTMRuntime", dependencies: ["CKernels", "FileIO", "LSTMW"]),
        // ZIPFoundation reads Keras 3 `.keras` archives; like HDF5 it stays out of LSTMW and LSTMRuntime.
        .target(
            name: "KerasImport",
            dependencies: ["FileIO", "HDF5", "LSTMW", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .executableTarget(
            name: "lstm-convert",
            dependencies: [
                "FileIO", "KerasImport", "LSTMW", "LSTMRuntime", "NPY",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "TestSupport"]),
        .testTarget(name: "LSTMWTests", dependencies: ["LSTMW", "TestSupport"]),
        .testTarget(name: "NPYTests", dependencies: ["NPY"]),
        .testTarget(name: "LSTMRuntimeTests", dependencies: ["LSTMRuntime", "LSTMW", "TestSupport"]),
        .testTarget(name: "KerasImportTests", dependencies: ["KerasImport", "LSTMW", "TestSupport"]),
        .testTarget(name: "ParityTests", dependencies: ["KerasImport", "LSTMW", "LSTMRuntime", "NPY", "TestSupport"]),
        .testTarget(name: "LSTMConvertTests", dependencies: ["lstm-convert", "NPY", "LSTMW", "TestSupport"]),
    ]
)
