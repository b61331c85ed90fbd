import Foundation

/// A latency-versus-rate chart written as SVG by hand: input rate on a linear x axis, latency on a logarithmic
/// y axis (latency spans 100 ms to tens of seconds once a pipeline falls behind), one line per series.
struct LatencyPlot {
    /// One line of the chart.
    struct Series {
        /// The legend's text.
        var label: String
        /// The stroke colour, as SVG accepts it.
        var color: String
        /// Whether the line is dashed (p99) or solid (p50).
        var dashed: Bool
        /// Points as (records per second, milliseconds), in rate order.
        var points: [(rate: Double, milliseconds: Double)]
        /// Rates at which the pipeline did not keep up, drawn as hollow markers.
        var fallingBehind: Set<Double> = []
    }

    /// The chart's title.
    var title: String
    /// A second line under the title (machine, date, commit).
    var subtitle: String
    /// The lines.
    var series: [Series]

    private let width = 920.0
    private let height = 460.0
    private let left = 70.0
    private let right = 240.0
    private let top = 60.0
    private let bottom = 50.0

    /// Creates a chart.
    init(title: String, subtitle: String, series: [Series]) {
        self.title = title
        self.subtitle = subtitle
        self.series = series
    }

    /// The SVG document.
    func svg() -> String {
        let rates = series.flatMap { $0.points.map(\.rate) }
        let latencies = series.flatMap { $0.points.map(\.milliseconds) }.filter { $0 > 0 }
        let maxRate = Self.niceCeiling(rates.max() ?? 1)
        let lowest = Self.niceFloor(latencies.min() ?? 10)
        let highest = Swift.max(Self.niceCeiling(latencies.max() ?? 1_000), lowest * 10)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func x(_ rate: Double) -> Double { left + rate / maxRate * plotWidth }
        func y(_ milliseconds: Double) -> Double {
            let clamped = Swift.max(milliseconds, lowest)
            return top + plotHeight * (1 - (log10(clamped) - log10(lowest)) / (log10(highest) - log10(lowest)))
        }

        var lines: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" "
                + "viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(Self.f(left))\" y=\"22\" font-size=\"15\" font-weight=\"bold\">\(Self.escape(title))</text>",
            "<text x=\"\(Self.f(left))\" y=\"40\" fill=\"#555\" font-size=\"11\">\(Self.escape(subtitle))</text>",
        ]

        // Grid and y ticks: 1, 2 and 5 of each decade between the ends.
        var tick = Self.decadeFloor(lowest)
        while tick <= highest * 1.000_1 {
            for multiple in [1.0, 2.0, 5.0]
            where tick * multiple <= highest * 1.000_1 && tick * multiple >= lowest * 0.999_9 {
                let value = tick * multiple
                let position = y(value)
                let stroke = multiple == 1 ? "#ccc" : "#eee"
                lines.append(
                    "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(position))\" x2=\"\(Self.f(left + plotWidth))\" "
                        + "y2=\"\(Self.f(position))\" stroke=\"\(stroke)\"/>"
                )
                lines.append(
                    "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(position + 4))\" text-anchor=\"end\">"
                        + "\(Self.milliseconds(value))</text>"
                )
            }
            tick *= 10
        }
        // X ticks: five steps.
        for step in 0...5 {
            let rate = maxRate * Double(step) / 5
            let position = x(rate)
            lines.append(
                "<line x1=\"\(Self.f(position))\" y1=\"\(Self.f(top))\" x2=\"\(Self.f(position))\" "
                    + "y2=\"\(Self.f(top + plotHeight))\" stroke=\"#eee\"/>"
            )
            lines.append(
                "<text x=\"\(Self.f(position))\" y=\"\(Self.f(top + plotHeight + 18))\" text-anchor=\"middle\">"
                    + "\(Self.rate(rate))</text>"
            )
        }
        lines += [
            "<rect x=\"\(Self.f(left))\" y=\"\(Self.f(top))\" width=\"\(Self.f(plotWidth))\" "
                + "height=\"\(Self.f(plotHeight))\" fill=\"none\" stroke=\"#333\"/>",
            "<text x=\"\(Self.f(left + plotWidth / 2))\" y=\"\(Self.f(height - 10))\" text-anchor=\"middle\">"
                + "input rate (records/s, open loop)</text>",
            "<text transform=\"translate(16 \(Self.f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">"
                + "end-to-end latency (ms, log scale)</text>",
        ]

        // Series and legend.
        for (index, line) in series.enumerated() {
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            let path = line.points.map { "\(Self.f(x($0.rate))),\(Self.f(y($0.milliseconds)))" }
                .joined(separator: " ")
            lines.append(
                "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\"\(dash)/>"
            )
            for point in line.points {
                let fill = line.fallingBehind.contains(point.rate) ? "white" : line.color
                lines.append(
                    "<circle cx=\"\(Self.f(x(point.rate)))\" cy=\"\(Self.f(y(point.milliseconds)))\" r=\"4\" "
                        + "fill=\"\(fill)\" stroke=\"\(line.color)\" stroke-width=\"2\"/>"
                )
            }
            let legendY = top + 10 + Double(index) * 20
            let legendX = left + plotWidth + 16
            lines.append(
                "<line x1=\"\(Self.f(legendX))\" y1=\"\(Self.f(legendY))\" x2=\"\(Self.f(legendX + 28))\" "
                    + "y2=\"\(Self.f(legendY))\" stroke=\"\(line.color)\" stroke-width=\"2\"\(dash)/>"
            )
            lines.append(
                "<text x=\"\(Self.f(legendX + 34))\" y=\"\(Self.f(legendY + 4))\">\(Self.escape(line.label))</text>"
            )
        }
        let noteY = top + 10 + Double(series.count) * 20 + 10
        lines.append(
            "<text x=\"\(Self.f(left + plotWidth + 16))\" y=\"\(Self.f(noteY))\" fill=\"#555\">"
                + "hollow: did not keep up</text>"
        )
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The smallest of 1, 2 or 5 times a power of ten at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let decade = pow(10, floor(log10(value)))
        for multiple in [1.0, 2.0, 5.0, 10.0] where decade * multiple >= value * 0.999_9 {
            return decade * multiple
        }
        return decade * 10
    }

    /// The power of ten at or below `value`.
    static func decadeFloor(_ value: Double) -> Double {
        pow(10, floor(log10(Swift.max(value, 1e-3))))
    }

    /// The largest of 1, 2 or 5 times a power of ten at or below `value`.
    static func niceFloor(_ value: Double) -> Double {
        let decade = decadeFloor(value)
        for multiple in [5.0, 2.0, 1.0] where decade * multiple <= value * 1.000_1 { return decade * multiple }
        return decade
    }

    /// A coordinate with one decimal, as SVG reads it.
    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text with the five XML special characters escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func milliseconds(_ value: Double) -> String {
        value >= 1_000 ? "\(Self.trimmed(value / 1_000)) s" : "\(Self.trimmed(value)) ms"
    }

    private static func rate(_ value: Double) -> String {
        value >= 1_000 ? "\(Self.trimmed(value / 1_000))k" : Self.trimmed(value)
    }

    private static func trimmed(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}
