/// Dates of the proleptic Gregorian calendar as day counts, computed by hand so timestamps parse the same on every
/// machine, whatever its locale, time zone or Foundation version.
public enum CivilDate {
    /// Days from 1970-01-01 to `year`-`month`-`day` (Howard Hinnant's `days_from_civil`); negative before 1970.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
