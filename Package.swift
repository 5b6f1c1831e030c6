// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every target (STYLE.md rule 3).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Palisade",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "palisade", targets: ["PalisadeCLI"]),
        .library(name: "ImageAccess", targets: ["ImageAccess"]),
        .library(name: "Inventory", targets: ["Inventory"]),
        .library(name: "Signing", targets: ["Signing"]),
        .library(name: "Vulnerabilities", targets: ["Vulnerabilities"]),
        .library(name: "KubernetesChecks", targets: ["KubernetesChecks"]),
        .library(name: "ImageChecks", targets: ["ImageChecks"]),
        .library(name: "Policy", targets: ["Policy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries from Debian, through system-library targets.
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CYara", pkgConfig: "yara", providers: [.apt(["libyara-dev"])]),
        .systemLibrary(name: "CClamAV", pkgConfig: "libclamav", providers: [.apt(["libclamav-dev"])]),
        .target(name: "CSystemShims"),

        // Bounded context: reading images from every place they live.
        .target(
            name: "ImageAccess",
            dependencies: [
                "CISAL",
                "CZstd",
                "CSystemShims",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Bounded context: package inventory and SBOMs.
        .target(
            name: "Inventory",
            dependencies: [
                "ImageAccess",
                "CSQLite",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),

        // Bounded context: keys, signatures and attestations (cosign-compatible).
        .target(
            name: "Signing",
            dependencies: [
                "CSodium",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // Bounded context: the vulnerability database, version schemes, matching and reports.
        .target(
            name: "Vulnerabilities",
            dependencies: [
                "Inventory",
                "ImageAccess",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Bounded context: Kubernetes workload checks and compliance reports.
        .target(
            name: "KubernetesChecks",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),

        // Bounded context: secrets (later malware, misconfiguration, freshness) in image layers and config.
        .target(
            name: "ImageChecks",
            dependencies: ["ImageAccess", "CSystemShims", "CYara", "CClamAV",
                           .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),

        // Bounded context: policies as code (StackRox's model) for build, deploy and runtime.
        .target(name: "Policy", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),

        // The thin command-line front end.
        .executableTarget(
            name: "PalisadeCLI",
            dependencies: [
                "ImageAccess",
                "Inventory",
                "Signing",
                "Vulnerabilities",
                "KubernetesChecks",
                "ImageChecks",
                "Policy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(
            name: "ImageAccessTests",
            dependencies: ["ImageAccess"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "InventoryTests",
            dependencies: ["Inventory", "ImageAccess"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SigningTests",
            dependencies: ["Signing", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VulnerabilitiesTests",
            dependencies: ["Vulnerabilities", "Inventory", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KubernetesChecksTests",
            dependencies: ["KubernetesChecks", .product(name: "Yams", package: "Yams")],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ImageChecksTests",
            dependencies: ["ImageChecks"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PolicyTests", dependencies: ["Policy"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["ImageAccess", "Inventory", "Signing", "Vulnerabilities", "PalisadeCLI", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["python-app.vulns.adjudication.tsv", "Golden"],
            swiftSettings: swiftSettings
        ),
    ]
)
