import Testing

@testable import Sluice

@Suite("Time windows")
struct TimeWindowsTests {
    @Test(
        "a tumbling window contains its start, not its end, and aligns to the epoch for negative times too",
        arguments: [
            (0, [0]),
            (9_999, [0]),
            (10_000, [10_000]),
            (-1, [-10_000]),
            (-10_000, [-10_000]),
            (-10_001, [-20_000]),
        ] as [(Int64, [Int64])]
    )
    func tumbling(time: Int64, starts: [Int64]) {
        #expect(TimeWindows.tumbling(size: .seconds(10)).starts(containing: time) == starts)
    }

    @Test(
        "a hopping record lands in size/advance windows, oldest first",
        arguments: [
            (7_000, [0, 5_000]),
            (5_000, [0, 5_000]),
            (4_999, [-5_000, 0]),
            (-1, [-10_000, -5_000]),
            (-5_000, [-10_000, -5_000]),
        ] as [(Int64, [Int64])]
    )
    func hopping(time: Int64, starts: [Int64]) {
        #expect(TimeWindows.hopping(size: .seconds(10), advance: .seconds(5)).starts(containing: time) == starts)
    }

    @Test("an advance that does not divide the size gives every window that holds the time")
    func unevenHopping() {
        let windows = TimeWindows.hopping(size: .seconds(10), advance: .seconds(3))
        #expect(windows.starts(containing: 10_000) == [3_000, 6_000, 9_000])
        #expect(windows.starts(containing: 0) == [-9_000, -6_000, -3_000, 0])
        for time: Int64 in [-12_345, -1, 0, 1, 2_999, 77_777] {
            for start in windows.starts(containing: time) {
                #expect(start <= time && time < start + windows.size && start % windows.advance == 0)
            }
        }
    }

    @Test("a window closes when progress reaches its end plus grace, and at the final watermark")
    func closing() {
        let windows = TimeWindows.tumbling(size: .seconds(10), grace: .seconds(5))
        #expect(!windows.isClosed(start: 0, at: 14_999))
        #expect(windows.isClosed(start: 0, at: 15_000))
        #expect(windows.isClosed(start: 1_000_000, at: EventTime.final))
    }

    @Test("sizes, advances and grace periods out of range are problems")
    func problems() {
        #expect(TimeWindows.tumbling(size: .seconds(1)).problem == nil)
        #expect(TimeWindows.tumbling(size: .zero).problem != nil)
        #expect(TimeWindows.hopping(size: .seconds(1), advance: .seconds(2)).problem != nil)
        #expect(TimeWindows.hopping(size: .seconds(1), advance: .zero).problem != nil)
        #expect(TimeWindows.tumbling(size: .seconds(1), grace: .seconds(-1)).problem != nil)
    }
}
