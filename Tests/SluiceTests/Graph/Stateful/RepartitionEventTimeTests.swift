import Sluice
import SluiceKafka
import SluiceTesting
import Testing

@Suite("Event time across repartition topics in the test driver")
struct RepartitionEventTimeTests {
    /// Readings keyed by station, re-keyed by sensor, counted per sensor in 10 s windows emitted on close.
    func sensorCounts(repartitionPartitions: Int) throws -> TopologyTestDriver {
        let builder = TopologyBuilder()
        builder.source("readings", key: .string, value: .string)
            .groupBy(named: "by-sensor", key: .string, value: .string) { _, sensor in sensor }
            .windowedBy(.tumbling(size: .seconds(10)))
            .count(named: "sensor-windows", emit: .onWindowClose)
            .map { window, count in ("\(window.key)@\(window.start)", count) }
            .to("counts", key: .string, value: .int64)
        return TopologyTestDriver(
            topology: try builder.build(),
            partitionCounts: ["readings": 2, "test-driver-by-sensor-repartition": repartitionPartitions]
        )
    }

    func counts(_ driver: TopologyTestDriver) throws -> [String] {
        try driver.outputTopic("counts", key: .string, value: .int64).readKeyValues().map { "\($0.key)=\($0.value)" }
    }

    @Test(
        "a fast upstream partition does not make a slow one's records late: time after a re-key is the slowest's",
        arguments: [1, 2]
    )
    func skewedPartitions(repartitionPartitions: Int) throws {
        let driver = try sensorCounts(repartitionPartitions: repartitionPartitions)
        let readings = driver.inputTopic("readings", key: .string, value: .string)

        // Partition 0 runs far ahead before partition 1 sends anything.
        try readings.pipe(key: "station-0", value: "s1", timestamp: 1_000, partition: 0)
        try readings.pipe(key: "station-0", value: "s1", timestamp: 50_000, partition: 0)
        try readings.pipe(key: "station-0", value: "s1", timestamp: 90_000, partition: 0)
        #expect(try counts(driver).isEmpty)

        // Partition 1's old records still count in their window.
        #expect(try readings.pipe(key: "station-1", value: "s1", timestamp: 2_000, partition: 1) == nil)
        #expect(try readings.pipe(key: "station-1", value: "s1", timestamp: 5_000, partition: 1) == nil)
        #expect(try counts(driver).isEmpty)

        // Once the slow partition passes the end of the first window, it closes, and only it.
        try readings.pipe(key: "station-1", value: "s1", timestamp: 12_000, partition: 1)
        #expect(try counts(driver) == ["s1@0=3"])
        #expect(driver.lateRecords == 0)
        #expect(driver.errors.isEmpty)

        // Now a record of the first window is late, whichever partition it comes from.
        #expect(try readings.pipe(key: "station-1", value: "s1", timestamp: 3_000, partition: 1)?.stage == .late)
        #expect(driver.lateRecords == 1)

        driver.endOfInput()
        #expect(try counts(driver) == ["s1@10000=1", "s1@50000=1", "s1@90000=1"])
    }

    @Test("an upstream partition that never gets a record holds windows open until the end of input")
    func idlePartition() throws {
        let driver = try sensorCounts(repartitionPartitions: 1)
        let readings = driver.inputTopic("readings", key: .string, value: .string)
        try readings.pipe(key: "station-0", value: "s1", timestamp: 1_000, partition: 0)
        try readings.pipe(key: "station-0", value: "s2", timestamp: 30_000, partition: 0)
        #expect(try counts(driver).isEmpty)

        driver.endOfInput()
        #expect(try counts(driver) == ["s1@0=1", "s2@30000=1"])
        #expect(driver.errors.isEmpty)
    }
}
