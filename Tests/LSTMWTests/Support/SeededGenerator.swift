import TestSupport

/// The repository's one seeded generator (`Tests/TestSupport/SeededGenerator.swift`), named here
/// so that every file of this target sees it without importing TestSupport.
typealias SeededGenerator = TestSupport.SeededGenerator
