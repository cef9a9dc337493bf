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
        // The pass-rate axis starts at the nearest 10% below the lowest point, so the points do not crowd the top.
        let lowest = ([runQuality] + points.map(\.quality)).min() ?? 0
        let yStep = lowest > 0.55 ? 0.1 : 0.2
        let yMin = max(0, ((lowest - 0.05) / yStep).rounded(.down) * yStep)
        // Headroom above 100% so labels of the points there fit.
        let plot = Plot(width: 600, height: 340, xMax: maxCost * 1.12, yMin: yMin, yMax: 1 + yStep / 2)
        var svg = plot.open(id: "chart-cost", title: "Cost against pass rate",
                            description: "Each point is the whole suite under one configuration: cost in US dollars across, share of scenario runs passing up. \(points.isEmpty ? "Only this run is shown: the router sweep was skipped." : "The sweep's points are always-cheap, always-strong, each classifier threshold and the cascades; the ring is this run.")")
        svg += plot.yGrid(ticks: stride(from: yMin, through: 1.0001, by: yStep).map { $0 }, label: { ReportFormat.percent($0 * 100) })
        let costTicks = Plot.niceTicks(upTo: plot.xMax)
        let tickStep = costTicks.count > 1 ? costTicks[1] - costTicks[0] : 1
        svg += plot.xAxis(ticks: costTicks, label: { tickStep >= 0.01 ? String(format: "$%.2f", $0) : ReportFormat.usd($0) })
        let thresholds = points.filter { $0.threshold != nil }.sorted { $0.costUSD < $1.costUSD }
        if thresholds.count > 1 {
            svg += "<polyline class=\"line\" points=\"\(thresholds.map { "\(f(plot.x($0.costUSD))),\(f(plot.y($0.quality)))" }.joined(separator: " "))\"/>"
        }
        var labels = LabelPlacer(plot: plot)
        var marks: [(String, Double, Double)] = []
        for point in points {
            let x = plot.x(point.costUSD), y = plot.y(point.quality)
            let tooltip = "<title>\(HTML.text("\(point.name): \(ReportFormat.percent(point.quality * 100)) passing, \(ReportFormat.usd(point.costUSD)), \(ReportFormat.percent(point.strongShare * 100)) to the strong model"))</title>"
            if point.name == "always-cheap" {
                svg += "<rect class=\"pt cheap\" x=\(q(x - 5)) y=\(q(y - 5)) width=\"10\" height=\"10\">\(tooltip)</rect>"
            } else if point.name == "always-strong" {
                svg += "<path class=\"pt strong\" d=\"M\(f(x)) \(f(y - 7)) L\(f(x + 7)) \(f(y + 5)) L\(f(x - 7)) \(f(y + 5)) Z\">\(tooltip)</path>"
            } else if point.isCascade {
                svg += "<path class=\"pt cascade\" d=\"M\(f(x)) \(f(y - 6)) L\(f(x + 6)) \(f(y)) L\(f(x)) \(f(y + 6)) L\(f(x - 6)) \(f(y)) Z\">\(tooltip)</path>"
            } else {
                svg += "<circle class=\"pt threshold\" cx=\(q(x)) cy=\(q(y)) r=\"3.5\">\(tooltip)</circle>"
                labels.occupy(x: x, y: y, radius: 4)
                continue
            }
            labels.occupy(x: x, y: y, radius: 7)
            marks.append((point.name, x, y))
        }
        if let best = summary.routerSweep?.best {
            let x = plot.x(best.costUSD), y = plot.y(best.quality)
            svg += "<circle class=\"pt best\" cx=\(q(x)) cy=\(q(y)) r=\"7\"><title>\(HTML.text("best threshold within the quality tolerance: \(best.name)"))</title></circle>"
            marks.append(("best: \(best.name)", x, y))
        }
        let runX = plot.x(summary.costUSD), runY = plot.y(runQuality)
        svg += "<circle class=\"pt run\" cx=\(q(runX)) cy=\(q(runY)) r=\"9\"><title>\(HTML.text("this run (\(report.configuration.name)): \(ReportFormat.percent(runQuality * 100)) passing, \(ReportFormat.usd(summary.costUSD))"))</title></circle>"
        labels.occupy(x: runX, y: runY, radius: 10)
        // This run first, so it always gets a label; the rest get one where it fits (the table below lists all).
        let order = ["always-cheap", "always-strong"]
        let ranked = marks.sorted { (order.firstIndex(of: $0.0) ?? (($0.0.hasPrefix("best") ? 2 : 3))) < (order.firstIndex(of: $1.0) ?? (($1.0.hasPrefix("best") ? 2 : 3))) }
        for (text, x, y) in [("this run: \(report.configuration.name)", runX, runY)] + ranked {
            svg += labels.place(text, x: x, y: y)
        }
        svg += "</svg>"
        var legend = "<table class=\"legend\"><thead><tr><th scope=\"col\">Configuration</th><th scope=\"col\" class=\"num\">Passing</th><th scope=\"col\" class=\"num\">Cost</th><th scope=\"col\" class=\"num\">To strong</th></tr></thead><tbody>"
        var rows: [(String, Double, Double, Double?)] = [("this run: \(report.configuration.name)", runQuality, summary.costUSD, summary.strongShare)]
        for point in points where point.threshold == nil { rows.append((point.name, point.quality, point.costUSD, point.strongShare)) }
        if let best = summary.routerSweep?.best { rows.append(("best: \(best.name)", best.quality, best.costUSD, best.strongShare)) }
        for (name, quality, cost, share) in rows {
            legend += "<tr><th scope=\"row\">\(HTML.text(name))</th><td class=\"num\">\(ReportFormat.percent(quality * 100))</td><td class=\"num\">\(ReportFormat.usd(cost))</td><td class=\"num\">\(share.map { ReportFormat.percent($0 * 100) } ?? "—")</td></tr>"
        }
        legend += "</tbody></table>"
        let caption = points.isEmpty
            ? "This run only; run without <code>--no-sweep</code> to compare always-cheap, always-strong and the router's thresholds."
            : "Square: always-cheap; triangle: always-strong; dots on the line: the classifier router at each threshold; diamonds: cascades; open circle: the best threshold within tolerance; ring: this run. Hover a point for its figures."
        return figure(svg + legend, caption: caption)
    }

    /// How the scenario runs' end-to-end virtual latencies spread, in bins that double (1-2-5 steps, since agent
    /// latencies have long tails), passing and failing runs stacked, with p50 and p95 marked.
    static func latencyDistribution(_ report: ReportDocument) -> String {
        let values = report.scenarios.map { ($0.latencyMs, $0.passed) }
        let edges = Plot.logEdges(covering: values.map(\.0))
        let binCount = edges.count - 1
        var passing = [Int](repeating: 0, count: binCount), failing = passing
        for (latency, passed) in values {
            let bin = max(0, min((edges.lastIndex { $0 <= latency } ?? 0), binCount - 1))
            if passed { passing[bin] += 1 } else { failing[bin] += 1 }
        }
        let tallest = max(zip(passing, failing).map { $0 + $1 }.max() ?? 0, 1)
        let yTicks = Plot.niceTicks(upTo: Double(tallest)).filter { $0 == $0.rounded() }
        let plot = Plot(width: 600, height: 340, xMax: Double(binCount), yMin: 0, yMax: max(Double(tallest), yTicks.last ?? 0))
        var svg = plot.open(id: "chart-latency", title: "Latency distribution",
                            description: "How many scenario runs took how long end to end on the virtual clock, in bins from \(ReportFormat.seconds(edges.first ?? 0)) to \(ReportFormat.seconds(edges.last ?? 0)); failing runs are stacked on passing ones. Lines mark p50 \(ReportFormat.seconds(report.summary.p50Ms)) and p95 \(ReportFormat.seconds(report.summary.p95Ms)).")
        svg += plot.yGrid(ticks: yTicks, label: { String(Int($0)) })
        svg += plot.xAxis(ticks: (0...binCount).map(Double.init), label: { ReportFormat.seconds(edges[Int($0)]) })
        for bin in 0..<binCount where passing[bin] + failing[bin] > 0 {
            let x0 = plot.x(Double(bin)) + 2, x1 = plot.x(Double(bin + 1)) - 2
            let range = "\(ReportFormat.seconds(edges[bin])) to \(ReportFormat.seconds(edges[bin + 1]))"
            let passTop = plot.y(Double(passing[bin])), failTop = plot.y(Double(passing[bin] + failing[bin]))
            if passing[bin] > 0 {
                svg += "<rect class=\"bar pass\" x=\(q(x0)) y=\(q(passTop)) width=\(q(x1 - x0)) height=\(q(plot.y(0) - passTop))><title>\(range): \(passing[bin]) passed</title></rect>"
            }
            if failing[bin] > 0 {
                svg += "<rect class=\"bar fail\" x=\(q(x0)) y=\(q(failTop)) width=\(q(x1 - x0)) height=\(q(passTop - failTop))><title>\(range): \(failing[bin]) failed</title></rect>"
            }
        }
        var previousX = -100.0
        for (name, value) in [("p50", report.summary.p50Ms), ("p95", report.summary.p95Ms)] {
            let x = plot.x(Plot.position(of: value, in: edges))
            svg += "<line class=\"marker\" x1=\(q(x)) x2=\(q(x)) y1=\(q(plot.top - 4)) y2=\(q(plot.y(0)))/>"
            // Side by side when the two lines are close, so the labels never overlap.
            let labelX = max(x, previousX + 78)
            svg += "<text class=\"marker-label\" x=\(q(labelX + 3)) y=\(q(plot.top - 8))>\(name) \(HTML.text(ReportFormat.seconds(value)))</text>"
            previousX = labelX
        }
        svg += "</svg>"
        return figure(svg, caption: "Green: passing runs; red: failing runs; bins widen to the right. Hover a bar for its count.")
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

    /// Puts point labels where they overlap neither another label nor a point, trying the four corners around the
    /// point; a label that fits nowhere is left out (the legend table lists every point).
    struct LabelPlacer {
        let plot: Plot
        private var taken: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []

        init(plot: Plot) { self.plot = plot }

        mutating func occupy(x: Double, y: Double, radius: Double) {
            taken.append((x - radius, y - radius, x + radius, y + radius))
        }

        mutating func place(_ text: String, x: Double, y: Double) -> String {
            let width = Double(text.count) * 6.4, height = 13.0
            for (dx, dy) in [(10.0, -8.0), (10.0, 16.0), (-10.0, -8.0), (-10.0, 16.0), (10.0, -22.0), (-10.0, 30.0)] {
                let anchorEnd = dx < 0
                let x0 = anchorEnd ? x + dx - width : x + dx, y1 = y + dy + 3, y0 = y1 - height
                guard x0 >= plot.left, x0 + width <= plot.width - 2, y0 >= plot.top - 4, y1 <= plot.height - plot.bottom else { continue }
                let box = (x0: x0, y0: y0, x1: x0 + width, y1: y1)
                guard !taken.contains(where: { $0.x0 < box.x1 && box.x0 < $0.x1 && $0.y0 < box.y1 && box.y0 < $0.y1 }) else { continue }
                taken.append(box)
                return "<text class=\"point-label\" x=\(q(x + dx)) y=\(q(y + dy)) text-anchor=\"\(anchorEnd ? "end" : "start")\">\(HTML.text(text))</text>"
            }
            return ""
        }
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
    var yMin = 0.0
    var yMax: Double
    let left = 64.0, right = 24.0, top = 28.0, bottom = 40.0

    func x(_ value: Double) -> Double { left + (width - left - right) * (xMax == 0 ? 0 : value / xMax) }
    func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - (yMax == yMin ? 0 : (value - yMin) / (yMax - yMin))) }

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
        let base = y(yMin)
        var svg = "<line class=\"axis\" x1=\(ReportCharts.q(left)) x2=\(ReportCharts.q(width - right)) y1=\(ReportCharts.q(base)) y2=\(ReportCharts.q(base))/>"
        for tick in ticks where tick <= xMax {
            let x = x(tick)
            svg += "<line class=\"axis\" x1=\(ReportCharts.q(x)) x2=\(ReportCharts.q(x)) y1=\(ReportCharts.q(base)) y2=\(ReportCharts.q(base + 5))/>"
            svg += "<text class=\"axis-label\" x=\(ReportCharts.q(x)) y=\(ReportCharts.q(base + 20)) text-anchor=\"middle\">\(HTML.text(label(tick)))</text>"
        }
        return svg
    }

    /// Bin edges in 1-2-5 steps from the step at or below the smallest value to the first step above the largest;
    /// runs that took no time at all (a failed replay) get a bin of their own from 0.
    static func logEdges(covering values: [Double]) -> [Double] {
        let positive = values.filter { $0 > 0 }
        guard let low = positive.min(), let high = positive.max() else { return [0, 1000] }
        var sequence: [Double] = []
        var magnitude = pow(10, log10(low).rounded(.down))
        while sequence.last.map({ $0 <= high }) ?? true {
            sequence += [1.0, 2, 5].map { $0 * magnitude }
            magnitude *= 10
        }
        let first = sequence.lastIndex { $0 <= low } ?? 0
        let last = sequence.firstIndex { $0 > high } ?? sequence.count - 1
        var edges = Array(sequence[first...last])
        if values.contains(where: { $0 <= 0 }) { edges.insert(0, at: 0) }
        return edges
    }

    /// Where `value` falls on an axis whose unit is one bin of `edges`, interpolating on a log scale within a bin.
    static func position(of value: Double, in edges: [Double]) -> Double {
        guard let bin = edges.indices.dropLast().last(where: { edges[$0] <= value }) else { return 0 }
        let low = edges[bin], high = edges[bin + 1]
        guard low > 0, value > 0 else { return Double(bin) + (high == low ? 0 : (value - low) / (high - low)) }
        return Double(bin) + min(1, log(value / low) / log(high / low))
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
