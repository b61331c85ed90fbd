/// The load test's latency-versus-rate chart: p50 and p99 of each pipeline.
enum LoadTestPlot {
    /// Line colours, one per pipeline.
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]

    /// The SVG of `report`'s load test.
    static func svg(_ report: BenchReport) -> String {
        var pipelines: [Contestant] = []
        for point in report.loadTest where !pipelines.contains(point.contestant) { pipelines.append(point.contestant) }
        var series: [LatencyPlot.Series] = []
        for (index, pipeline) in pipelines.enumerated() {
            let points = report.loadTest.filter { $0.contestant == pipeline && $0.latency != nil }
                .sorted { $0.targetRate < $1.targetRate }
            let behind = Set(points.filter { !$0.keptUp }.map(\.targetRate))
            let color = colors[index % colors.count]
            for (label, dashed, value) in [("p50", false, \LatencySummary.p50), ("p99", true, \LatencySummary.p99)] {
                series.append(
                    LatencyPlot.Series(
                        label: "\(pipeline.rawValue) \(label)",
                        color: color,
                        dashed: dashed,
                        points: points.compactMap { point in
                            point.latency.map { (point.targetRate, $0[keyPath: value]) }
                        },
                        fallingBehind: behind
                    )
                )
            }
        }
        let load = report.loadAverage.map { String(format: "%.1f", $0) }.joined(separator: "→")
        let subtitle =
            "exactly-once, 100 ms commits, project broker; \(report.cores) cores, load average \(load); "
            + "\(report.date.prefix(10)), commit \(report.commit ?? "unknown")"
        return LatencyPlot(
            title: "Sluice end-to-end latency against input rate",
            subtitle: subtitle,
            series: series
        ).svg()
    }
}
