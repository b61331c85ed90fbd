import Testing

@testable import Sluice

@Suite("Event time over several repartition topics")
struct EventTimeTests {
    @Test("progress waits for every upstream task of every repartition topic, and takes the smallest watermark")
    func everyTopicCounts() throws {
        let time = EventTime(readsExternalStreams: false, internalTopics: ["left", "right"])
        time.receive(WatermarkRecord(taskID: "0_0", upstreamTasks: 2, time: 100), topic: "left")
        time.receive(WatermarkRecord(taskID: "0_1", upstreamTasks: 2, time: 120), topic: "left")
        try time.advance()
        #expect(time.progress == .min, "the right topic's tasks have not reported")

        // The same task ids on another topic are other writers.
        time.receive(WatermarkRecord(taskID: "0_0", upstreamTasks: 2, time: 90), topic: "right")
        try time.advance()
        #expect(time.progress == .min)
        time.receive(WatermarkRecord(taskID: "0_1", upstreamTasks: 2, time: 300), topic: "right")
        try time.advance()
        #expect(time.progress == 90)

        time.receive(WatermarkRecord(taskID: "0_0", upstreamTasks: 2, time: 50), topic: "right")
        try time.advance()
        #expect(time.progress == 90, "a watermark never moves back")
    }
}
