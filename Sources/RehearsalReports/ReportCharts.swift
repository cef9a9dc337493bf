import Foundation

/// The report page's charts, drawn as inline SVG: no library, no script, readable in light and dark (colours come
/// from the page's CSS classes), each with a title and a description for screen readers.
enum ReportCharts {
    /// Cost against pass rate: always-cheap, always-strong, every router threshold, the cascades, and this run.
    static func costVersusAccuracy(_ report: ReportDocument) -> String {
        let summary = report.summary
        let runQuality = summary.scenarios == 0 ? 0 : Double(summary.passed) / Double(summary.scenarios)
        let points = summary.routerSweep?.points ?? []
        let maxCost = max(([summary.costUSD] + points.map(\.costUSD)).max() ?? 0, 1e-9)
        let plot = Plot(width: 600, height: 330, xMax: maxCost * 1.1, yMax: 1)
        var svg = plot.open(id: "chart-cost", title: "Cost against pass rate",
                            description: "Each point is the whole suite under one configuration: cost in US dollars across, share of scenario runs passing up. \(points.isEmpty ? "Only this run is shown: the router sweep was skipped." : "The sweep's points are always-cheap, always-strong, each classifier threshold and the cascades; the ring is this run.")")
        svg += plot.yGrid(ticks: [0, 0.25, 0.5, 0.75, 1], label: { ReportFormat.percent($0 * 100) })
        svg += plot.xAxis(ticks: Plot.niceTicks(upTo: plot.xMax), label: ReportFormat.usd)
        let thresholds = points.filter { $0.threshold != nil }.sorted { $0.costUSD < $1.costUSD }
        if thresholds.count > 1 {
            svg += "<polyline class=\"line\" points=\"\(thresholds.map { "\(plot.x($0.costUSD)),\(plot.y($0.quality))" }.joined(separator: " "))\"/>"
        }
        for point in points {
            let x = plot.x(point.costUSD), y = plot.y(point.quality)
            let tooltip = "\(point.name): \(ReportFormat.percent(point.quality * 100)) passing, \(ReportFormat.usd(point.costUSD)), \(ReportFormat.percent(point.strongShare * 100)) to the strong model"
            let shape: String
            if point.name == "always-cheap" {
                shape = "<rect class=\"pt cheap\" x=\(q(x - 5)) y=\(q(y - 5)) width=\"10\" height=\"10\">"
            } else if point.name == "always-strong" {
                shape = "<path class=\"pt strong\" d=\"M\(f(x)) \(f(y - 6)) L\(f(x + 6)) \(f(y + 5)) L\(f(x - 6)) \(f(y + 5)) Z\">"
            } else if point.isCascade {
                shape = "<path class=\"pt cascade\" d=\"M\(f(x)) \(f(y - 6)) L\(f(x + 6)) \(f(y)) L\(f(x)) \(f(y + 6)) L\(f(x - 6)) \(f(y)) Z\">"
            } else {
                shape = "<circle class=\"pt threshold\" cx=\(q(x)) cy=\(q(y)) r=\"3.5\">"
            }
            let closing = shape.hasPrefix("<rect") ? "</rect>" : shape.hasPrefix("<path") ? "</path>" : "</circle>"
            svg += shape + "<title>\(HTML.text(tooltip))</title>" + closing
            if point.name == "always-cheap" || point.name == "always-strong" || point.isCascade {
                svg += plot.label(point.name, x: x, y: y)
            }
        }
        if let best = summary.routerSweep?.best {
            svg += "<circle class=\"pt best\" cx=\(q(plot.x(best.costUSD))) cy=\(q(plot.y(best.quality))) r=\"6\"><title>\(HTML.text("best threshold within tolerance: \(best.name)"))</title></circle>"
            svg += plot.label("best: \(best.name)", x: plot.x(best.costUSD), y: plot.y(best.quality), below: true)
        }
        let runX = plot.x(summary.costUSD), runY = plot.y(runQuality)
        svg += "<circle class=\"pt run\" cx=\(q(runX)) cy=\(q(runY)) r=\"9\"><title>\(HTML.text("this run (\(report.configuration.name)): \(ReportFormat.percent(runQuality * 100)) passing, \(ReportFormat.usd(summary.costUSD))"))</title></circle>"
        svg += plot.label("this run: \(report.configuration.name)", x: runX, y: runY, below: true, offset: 22)
        svg += "</svg>"
        let caption = points.isEmpty
            ? "This run only; run without <code>--no-sweep</code> to compare always-cheap, always-strong and the router's thresholds."
            : "Squares: always-cheap; triangle: always-strong; dots joined by a line: the classifier router at each threshold; diamonds: cascades; ring: this run."
        return figure(svg, caption: caption)
    }

    /// How the scenario runs' end-to-end virtual latencies spread, passing and failing runs stacked, with p50 and p95.
    static func latencyDistribution(_ report: ReportDocument) -> String {
        let values = report.scenarios.map { ($0.latencyMs, $0.passed) }
        let maxLatency = max(values.map(\.0).max() ?? 0, 1)
        let ticks = Plot.niceTicks(upTo: maxLatency)
        let binWidth = max((ticks.count > 1 ? ticks[1] - ticks[0] : maxLatency) / 2, 1)
        let binCount = max(Int((maxLatency / binWidth).rounded(.down)) + 1, 1)
        var passing = [Int](repeating: 0, count: binCount), failing = passing
        for (latency, passed) in values {
            let bin = min(Int(latency / binWidth), binCount - 1)
            if passed { passing[bin] += 1 } else { failing[bin] += 1 }
        }
        let tallest = max(zip(passing, failing).map { $0 + $1 }.max() ?? 0, 1)
        let plot = Plot(width: 600, height: 300, xMax: Double(binCount) * binWidth, yMax: Double(tallest))
        var svg = plot.open(id: "chart-latency", title: "Latency distribution",
                            description: "How many scenario runs took how long end to end on the virtual clock, in bins of \(ReportFormat.seconds(binWidth)); failing runs are stacked on passing ones. Lines mark p50 \(ReportFormat.seconds(report.summary.p50Ms)) and p95 \(ReportFormat.seconds(report.summary.p95Ms)).")
        svg += plot.yGrid(ticks: Plot.niceTicks(upTo: Double(tallest)).filter { $0 == $0.rounded() }, label: { String(Int($0)) })
        svg += plot.xAxis(ticks: Plot.niceTicks(upTo: plot.xMax), label: ReportFormat.seconds)
        for bin in 0..<binCount where passing[bin] + failing[bin] > 0 {
            let x0 = plot.x(Double(bin) * binWidth) + 1, x1 = plot.x(Double(bin + 1) * binWidth) - 1
            let range = "\(ReportFormat.seconds(Double(bin) * binWidth)) to \(ReportFormat.seconds(Double(bin + 1) * binWidth))"
            let passTop = plot.y(Double(passing[bin])), failTop = plot.y(Double(passing[bin] + failing[bin]))
            if passing[bin] > 0 {
                svg += "<rect class=\"bar pass\" x=\(q(x0)) y=\(q(passTop)) width=\(q(x1 - x0)) height=\(q(plot.y(0) - passTop))><title>\(range): \(passing[bin]) passed</title></rect>"
            }
            if failing[bin] > 0 {
                svg += "<rect class=\"bar fail\" x=\(q(x0)) y=\(q(failTop)) width=\(q(x1 - x0)) height=\(q(passTop - failTop))><title>\(range): \(failing[bin]) failed</title></rect>"
            }
        }
        for (name, value) in [("p50", report.summary.p50Ms), ("p95", report.summary.p95Ms)] {
            let x = plot.x(value)
            svg += "<line class=\"marker\" x1=\(q(x)) x2=\(q(x)) y1=\(q(plot.top)) y2=\(q(plot.y(0)))/>"
            svg += "<text class=\"marker-label\" x=\(q(x + 4)) y=\(q(plot.top + 12))>\(name) \(HTML.text(ReportFormat.seconds(value)))</text>"
        }
        svg += "</svg>"
        return figure(svg, caption: "Green: passing runs; red: failing runs. Hover a bar for its count.")
    }

    /// The most expensive scenario runs as bars, so the cost drivers stand out.
    static func costPerScenario(_ report: ReportDocument, limit: Int = 15) -> String {
        let ranked = report.scenarios.sorted { ($0.costUSD, $1.label) > ($1.costUSD, $0.label) }.prefix(limit)
        let maxCost = max(ranked.first?.costUSD ?? 0, 1e-9)
        let rowHeight = 22.0, labelWidth = 250.0, width = 600.0
        let height = Double(ranked.count) * rowHeight + 30
        let shown = ranked.count == report.scenarios.count ? "all \(ranked.count)" : "the \(ranked.count) most expensive of \(report.scenarios.count)"
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"chart-cost-per-title chart-cost-per-desc\">"
        svg += "<title id=\"chart-cost-per-title\">Cost per scenario run</title><desc id=\"chart-cost-per-desc\">\(HTML.text("Bars for \(shown) scenario runs, longest first; the whole run cost \(ReportFormat.usd(report.summary.costUSD))."))</desc>"
        for (offset, scenario) in ranked.enumerated() {
            let y = Double(offset) * rowHeight + 8
            let barWidth = max((width - labelWidth - 80) * scenario.costUSD / maxCost, 1)
            let label = scenario.label.count > 38 ? String(scenario.label.prefix(37)) + "…" : scenario.label
            svg += "<text class=\"axis-label\" x=\(q(labelWidth - 6)) y=\(q(y + 14)) text-anchor=\"end\">\(HTML.text(label))</text>"
            svg += "<rect class=\"bar \(scenario.passed ? "pass" : "fail")\" x=\(q(labelWidth)) y=\(q(y + 3)) width=\(q(barWidth)) height=\(q(rowHeight - 6))><title>\(HTML.text("\(scenario.label): \(ReportFormat.usd(scenario.costUSD)), \(scenario.passed ? "passed" : "failed")"))</title></rect>"
            svg += "<text class=\"value-label\" x=\(q(labelWidth + barWidth + 6)) y=\(q(y + 14))>\(HTML.text(ReportFormat.usd(scenario.costUSD)))</text>"
        }
        svg += "</svg>"
        return figure(svg, caption: "Cost per scenario run: \(HTML.text(shown)). Sort the table by cost for the rest.")
    }

    private static func figure(_ svg: String, caption: String) -> String {
        "<figure class=\"chart-figure\">\(svg)<figcaption>\(caption)</figcaption></figure>\n"
    }

    /// A coordinate with one decimal.
    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A coordinate as a quoted attribute value with one decimal.
    static func q(_ value: Double) -> String { "\"" + String(format: "%.1f", value) + "\"" }
}

/// A plot area inside an SVG: scales from data to pixels, gridlines, axes and labels.
struct Plot {
    var width: Double
    var height: Double
    var xMax: Double
    var yMax: Double
    let left = 64.0, right = 24.0, top = 16.0, bottom = 40.0

    func x(_ value: Double) -> Double { left + (width - left - right) * (xMax == 0 ? 0 : value / xMax) }
    func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - (yMax == 0 ? 0 : value / yMax)) }

    func open(id: String, title: String, description: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
            + "<title id=\"\(id)-title\">\(HTML.text(title))</title><desc id=\"\(id)-desc\">\(HTML.text(description))</desc>"
    }

    func yGrid(ticks: [Double], label: (Double) -> String) -> String {
        var svg = ""
        for tick in ticks {
            let y = y(tick)
            svg += "<line class=\"grid\" x1=\(ReportCharts.q(left)) x2=\(ReportCharts.q(width - right)) y1=\(ReportCharts.q(y)) y2=\(ReportCharts.q(y))/>"
            svg += "<text class=\"axis-label\" x=\(ReportCharts.q(left - 6)) y=\(ReportCharts.q(y + 4)) text-anchor=\"end\">\(HTML.text(label(tick)))</text>"
        }
        return svg
    }

    func xAxis(ticks: [Double], label: (Double) -> String) -> String {
        let base = y(0)
        var svg = "<line class=\"axis\" x1=\(ReportCharts.q(left)) x2=\(ReportCharts.q(width - right)) y1=\(ReportCharts.q(base)) y2=\(ReportCharts.q(base))/>"
        for tick in ticks where tick <= xMax {
            let x = x(tick)
            svg += "<line class=\"axis\" x1=\(ReportCharts.q(x)) x2=\(ReportCharts.q(x)) y1=\(ReportCharts.q(base)) y2=\(ReportCharts.q(base + 5))/>"
            svg += "<text class=\"axis-label\" x=\(ReportCharts.q(x)) y=\(ReportCharts.q(base + 20)) text-anchor=\"middle\">\(HTML.text(label(tick)))</text>"
        }
        return svg
    }

    /// A text label beside a point, kept inside the plot: right of it, or left when near the right edge.
    func label(_ text: String, x: Double, y: Double, below: Bool = false, offset: Double = 10) -> String {
        let nearRight = x > width - right - 150
        let anchor = nearRight ? "end" : "start"
        let dx = nearRight ? -offset : offset
        let dy = below ? 16.0 : -8.0
        let ly = min(max(y + dy, top + 10), height - bottom - 4)
        return "<text class=\"point-label\" x=\(ReportCharts.q(x + dx)) y=\(ReportCharts.q(ly)) text-anchor=\"\(anchor)\">\(HTML.text(text))</text>"
    }

    /// Round tick values from 0 to at least `maximum`: steps of 1, 2 or 5 times a power of ten, about 5 of them.
    static func niceTicks(upTo maximum: Double) -> [Double] {
        guard maximum > 0, maximum.isFinite else { return [0] }
        let rough = maximum / 5
        let power = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? power * 10
        var ticks: [Double] = []
        var value = 0.0
        while value <= maximum + step * 1e-9 && ticks.count < 12 {
            ticks.append(value)
            value += step
        }
        return ticks
    }
}
