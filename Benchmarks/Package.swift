// swift-tools-version: 6.1
import PackageDescription

// Benchmarks of the runtime's public API (Model.predict, Session.step, loading a .lstmw), with
// allocation counts. A package of its own, so the main package never depends on the benchmark
// library. Run from this directory:
//   swift package benchmark
//   swift package benchmark thresholds check --metric mallocCountTotal
// See docs/benchmarks.md.
// A path dependency's identity is its folder's name (lstm-swift, main, a CI checkout, ...): take it
// from where this package sits rather than hard-coding it.
let rootPackage = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "lstm-swift")

let package = Package(
    name: "lstm-swift-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        // Only the malloc interposer: the default RuntimeInterposer trait needs a package this
        // project's mirror does not have, and ARC counts are not what these benchmarks check.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RuntimeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LSTMRuntime", package: rootPackage),
                .product(name: "LSTMW", package: rootPackage),
            ],
            path: "Benchmarks/RuntimeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
