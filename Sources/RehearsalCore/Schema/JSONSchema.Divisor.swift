extension JSONSchema {
    /// A `multipleOf` value, checked in decimal so that `0.3` is a multiple of `0.1`.
    ///
    /// Dividing doubles gives `0.3 / 0.1 == 2.9999999999999996`, yet schema authors and models write decimals and
    /// mean decimals. So both numbers are read back as the shortest decimal that round-trips to the same double
    /// (what a JSON writer prints, and almost always what was written) and divided exactly. Integers within 2^53
    /// take a plain remainder instead.
    struct Divisor: Sendable {
        let value: Double
        private let decimal: ShortestDecimal?

        /// A divisor for `value`, which the compiler has checked is finite and greater than zero.
        init(_ value: Double) {
            self.value = value
            decimal = ShortestDecimal(value)
        }

        /// Whether `number` is an integer multiple of this divisor.
        func divides(_ number: Double) -> Bool {
            if number == 0 { return true }
            guard number.isFinite else { return false }
            if JSONSchema.isExactInteger(number) && JSONSchema.isExactInteger(value) {
                return number.truncatingRemainder(dividingBy: value) == 0
            }
            if let divisor = decimal, let dividend = ShortestDecimal(number) {
                return dividend.isMultiple(of: divisor)
            }
            // Seventeen-digit values that do not fit the exact path: accept a quotient within rounding of an integer.
            let quotient = number / value
            return abs(quotient - quotient.rounded()) <= 1e-9 * max(1, abs(quotient))
        }
    }

    /// Whether `value` is an integer that a double represents exactly (|value| <= 2^53).
    static func isExactInteger(_ value: Double) -> Bool {
        value.rounded(.towardZero) == value && abs(value) <= 9_007_199_254_740_992
    }

    /// A positive decimal `significand × 10^exponent`, the significand without trailing zeros.
    struct ShortestDecimal: Sendable, Equatable {
        var significand: Int64
        var exponent: Int

        /// The shortest decimal that reads back as `value` (sign dropped), or nil when it has too many digits.
        init?(_ value: Double) {
            // Swift prints the shortest round-tripping digits: "0.3", "5.0", "1e-05", "1.5e+20".
            let text = abs(value).description
            var digits: [UInt8] = []
            var exponent = 0
            var seenPoint = false
            var utf8 = text.utf8[...]
            while let byte = utf8.first, byte != UInt8(ascii: "e") {
                utf8 = utf8.dropFirst()
                if byte == UInt8(ascii: ".") {
                    seenPoint = true
                } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    digits.append(byte - UInt8(ascii: "0"))
                    if seenPoint { exponent -= 1 }
                } else {
                    return nil
                }
            }
            if utf8.first == UInt8(ascii: "e") {
                guard let power = Int(Substring(utf8.dropFirst())) else { return nil }
                exponent += power
            }
            while digits.first == 0 { digits.removeFirst() }
            while digits.last == 0 {
                digits.removeLast()
                exponent += 1
            }
            guard !digits.isEmpty, digits.count <= 18 else { return nil }
            significand = digits.reduce(0) { $0 * 10 + Int64($1) }
            self.exponent = exponent
        }

        /// Whether `self / divisor` is an integer, computed exactly.
        func isMultiple(of divisor: ShortestDecimal) -> Bool {
            let shift = exponent - divisor.exponent
            if shift >= 0 {
                // self / divisor = (a / b) × 10^shift: an integer exactly when b, reduced against a, divides 10^shift,
                // that is, is 2^i × 5^j with i, j <= shift.
                var reduced = divisor.significand / JSONSchema.gcd(significand, divisor.significand)
                var twos = 0
                var fives = 0
                while reduced % 2 == 0 {
                    reduced /= 2
                    twos += 1
                }
                while reduced % 5 == 0 {
                    reduced /= 5
                    fives += 1
                }
                return reduced == 1 && twos <= shift && fives <= shift
            }
            // self / divisor = a / (b × 10^-shift): b must divide a, and 10^-shift the quotient.
            guard significand % divisor.significand == 0, -shift <= 18 else { return false }
            var power: Int64 = 1
            for _ in 0 ..< -shift { power *= 10 }
            return (significand / divisor.significand) % power == 0
        }
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
