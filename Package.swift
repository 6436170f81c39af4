// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "fazhi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fazhi", targets: ["fazhi"]),
        .executable(name: "fazhi-bench", targets: ["FazhiBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.24.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // Domain: calendar, deadlines, permissions, validation, audit hashing. No Vapor, no Fluent.
        .target(
            name: "FazhiCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // Persistence: Fluent models, numbered migrations, SQLKit queries; files in and out
        // (CSV, XLSX, attachments).
        .target(
            name: "FazhiStore",
            dependencies: [
                "FazhiCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ]
        ),
        // HTTP: routes, middleware, views, commands.
        .target(
            name: "FazhiWeb",
            dependencies: [
                "FazhiCore", "FazhiStore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(name: "fazhi", dependencies: ["FazhiWeb"]),
        .executableTarget(
            name: "FazhiBench",
            dependencies: [
                "FazhiCore", "FazhiStore", "FazhiWeb",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database when
        // FAZHI_TEST_POSTGRES_URL names a server.
        .target(
            name: "FazhiTestSupport",
            dependencies: [
                "FazhiStore",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            path: "Tests/Support"
        ),
        .testTarget(name: "FazhiCoreTests", dependencies: ["FazhiCore"]),
        .testTarget(name: "FazhiStoreTests", dependencies: ["FazhiStore", "FazhiTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                                                  .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "FazhiWebTests",
            dependencies: ["FazhiWeb", "FazhiTestSupport", .product(name: "VaporTesting", package: "vapor")]
        ),
    ]
)
