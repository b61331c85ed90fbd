// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Sluice",
    products: [
        .library(name: "Sluice", targets: ["Sluice"]),
        .library(name: "SluiceKafka", targets: ["SluiceKafka"]),
        .library(name: "SluiceBroker", targets: ["SluiceBroker"]),
        .library(name: "SluiceTesting", targets: ["SluiceTesting"]),
        .executable(name: "sluice", targets: ["sluice"]),
        .executable(name: "sluice-bench", targets: ["SluiceBench"]),
    ],
    targets: [
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CRocksDB",
            pkgConfig: "rocksdb",
            providers: [.apt(["librocksdb-dev"])]
        ),
        .target(name: "SluiceKafka", dependencies: ["CRdKafka"]),
        .target(name: "Sluice", dependencies: ["SluiceKafka", "CRocksDB"]),
        .target(name: "SluiceBroker"),
        .target(name: "SluiceTesting", dependencies: ["Sluice", "SluiceKafka", "SluiceBroker"]),
        .target(
            name: "FlightDelays",
            dependencies: ["Sluice"],
            path: "Examples/FlightDelays"
        ),
        .target(
            name: "SluiceCLI",
            dependencies: ["Sluice", "SluiceKafka", "SluiceBroker", "FlightDelays", "CZlib"]
        ),
        .executableTarget(name: "sluice", dependencies: ["SluiceCLI"]),
        .executableTarget(
            name: "SluiceBench",
            dependencies: ["Sluice", "SluiceKafka", "SluiceBroker", "FlightDelays", "CRdKafka"],
            path: "Benchmarks/SluiceBench"
        ),
        .testTarget(name: "SluiceKafkaTests", dependencies: ["SluiceKafka", "SluiceTesting"]),
        .testTarget(name: "SluiceTests", dependencies: ["Sluice", "SluiceTesting", "SluiceBroker"]),
        .testTarget(
            name: "SluiceBrokerTests",
            dependencies: ["SluiceBroker", "SluiceKafka", "SluiceTesting"],
            exclude: ["Python"]
        ),
        .testTarget(
            name: "FlightDelaysTests",
            dependencies: ["FlightDelays", "SluiceCLI", "SluiceTesting"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SluiceCLITests", dependencies: ["SluiceCLI", "SluiceTesting", "SluiceBroker"]),
    ],
    swiftLanguageModes: [.v6]
)
