import Foundation

/// compare.html's chart, drawn as inline SVG like report.html's (``ReportCharts``): cost across, pass rate up, one
/// labelled point per configuration, the reference drawn as a ring.
enum ComparisonChart {
    /// The chart and a legend table with every point's figures.
    static func costVersusPassRate(_ comparison: Comparison) -> String {
        let configurations = comparison.configurations
        let maxCost = max(configurations.map(\.costUSD).max() ?? 0, 1e-9)
        // As in report.html: the pass-rate axis starts at the nearest step below the lowest point.
        let lowest = configurations.map(\.passRate).min() ?? 0
        let yStep = lowest > 0.55 ? 0.1 : 0.2
        let yMin = max(0, ((lowest - 0.05) / yStep).rounded(.down) * yStep)
        let plot = Plot(width: 600, height: 340, xMax: maxCost * 1.25, yMin: yMin, yMax: 1 + yStep / 2)
        var svg = plot.open(
            id: "chart-compare", title: "Cost against pass rate",
            description: "One point per configuration: the whole suite's cost in US dollars across, the share of "
                + "scenario runs passing up. The ring is the reference, \(comparison.reference.name).")
        svg += plot.yGrid(
            ticks: stride(from: yMin, through: 1.0001, by: yStep).map { $0 },
            label: {
                ReportFormat.percent($0 * 100)
            })
        let ticks = Plot.niceTicks(upTo: plot.xMax)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        svg += plot.xAxis(ticks: ticks, label: { step >= 0.01 ? String(format: "$%.2f", $0) : ReportFormat.usd($0) })
        var labels = ReportCharts.LabelPlacer(plot: plot)
        let points = configurations.map { (configuration: $0, x: plot.x($0.costUSD), y: plot.y($0.passRate)) }
        for (index, point) in points.enumerated() {
            let configuration = point.configuration
            let figures = "\(Comparison.percentOf(configuration.passRate)) passing, \(ReportFormat.usd(configuration.costUSD))"
            let tooltip = "<title>\(HTML.text("\(configuration.name): \(figures)"))</title>"
            let shape = index == 0 ? "pt run" : "pt threshold"
            let radius = index == 0 ? 8 : 5
            svg +=
                "<circle class=\"\(shape)\" cx=\(ReportCharts.q(point.x)) cy=\(ReportCharts.q(point.y)) r=\"\(radius)\">\(tooltip)</circle>"
            labels.occupy(x: point.x, y: point.y, radius: Double(radius) + 1)
        }
        for point in points {
            let text =
                point.configuration.name.count > 40
                ? String(point.configuration.name.prefix(39)) + "…" : point.configuration.name
            let placed = labels.place(text, x: point.x, y: point.y)
            // Every point is labelled: where no free corner is left, the label goes above-right anyway.
            svg +=
                placed.isEmpty
                ? "<text class=\"point-label\" x=\(ReportCharts.q(point.x + 10)) y=\(ReportCharts.q(point.y - 8))>\(HTML.text(text))</text>"
                : placed
        }
        svg += "</svg>"
        var legend =
            "<table class=\"legend\"><thead><tr><th scope=\"col\">Configuration</th><th scope=\"col\" class=\"num\">Passing</th>"
        legend +=
            "<th scope=\"col\" class=\"num\">Cost</th><th scope=\"col\" class=\"num\">To strong</th></tr></thead><tbody>"
        for (index, configuration) in configurations.enumerated() {
            legend += "<tr><th scope=\"row\">\(HTML.text(configuration.name))\(index == 0 ? " (reference)" : "")</th>"
            legend += "<td class=\"num\">\(Comparison.percentOf(configuration.passRate))</td>"
            legend += "<td class=\"num\">\(HTML.text(ReportFormat.usd(configuration.costUSD)))</td>"
            legend += "<td class=\"num\">\(Comparison.percentOf(configuration.strongShare))</td></tr>"
        }
        legend += "</tbody></table>"
        return
            "<figure class=\"chart-figure\">\(svg)\(legend)<figcaption>Up and to the left is better: more runs passing for "
            + "less. The ring is the reference. Hover a point for its figures.</figcaption></figure>\n"
    }
}
