//! Units the parameter reader knows, grouped by quantity, and number words.
//!
//! A rule parameter names one unit (`unit = "kN"`); a value stated in the
//! text in any unit of the same quantity is converted to it before it is
//! compared: `8 t` of roller force is 78.45 kN.
//!
//! ```text
//! "8 t" ──► (8, tf) ──► 8 × 9806.65 N ──► 78.45 kN
//! ```

/// A physical quantity (or a count).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Quantity {
    Force,
    Length,
    Pressure,
    Temperature,
    Frequency,
    Mass,
    Power,
    Rotation,
    AngularRate,
    Acceleration,
    Time,
    Velocity,
    Angle,
    Voltage,
    Current,
    Energy,
    DataRate,
    SampleRate,
    Bits,
    Percent,
    Ppm,
    Volume,
    Density,
    Count,
}

/// One unit: the canonical key a rule file writes, the spellings that text
/// uses, and the linear conversion to the quantity's base unit
/// (`base = value * scale + offset`).
#[derive(Debug, PartialEq)]
pub(crate) struct Unit {
    pub(crate) key: &'static str,
    pub(crate) quantity: Quantity,
    scale: f64,
    offset: f64,
    /// Spellings matched exactly (case matters: `mW` is not `MW`).
    pub(crate) spellings: &'static [&'static str],
}

impl Unit {
    pub(crate) fn to_base(&self, v: f64) -> f64 {
        v * self.scale + self.offset
    }

    pub(crate) fn to_unit(&self, v: f64) -> f64 {
        (v - self.offset) / self.scale
    }
}

const G0: f64 = 9.806_65;

macro_rules! u {
    ($key:expr, $q:ident, $scale:expr, [$($s:expr),* $(,)?]) => {
        Unit { key: $key, quantity: Quantity::$q, scale: $scale, offset: 0.0,
               spellings: &[$($s),*] }
    };
    ($key:expr, $q:ident, $scale:expr, $off:expr, [$($s:expr),* $(,)?]) => {
        Unit { key: $key, quantity: Quantity::$q, scale: $scale, offset: $off,
               spellings: &[$($s),*] }
    };
}

/// Every unit, by quantity. Base units: N, m, Pa, K, Hz, kg, W, rpm, deg/h,
/// m/s², s, m/s, deg, V, A, J, bit/s, S/s, bit, %, ppm, m³, kg/m³, 1.
pub(crate) static UNITS: &[Unit] = &[
    u!("N", Force, 1.0, ["N", "newton", "newtons"]),
    u!("kN", Force, 1e3, ["kN", "KN", "kn", "kilonewton", "kilonewtons"]),
    u!("MN", Force, 1e6, ["MN", "meganewton", "meganewtons"]),
    u!("kgf", Force, G0, ["kgf", "kp"]),
    u!(
        "tf",
        Force,
        1e3 * G0,
        [
            "tf",
            "t",
            "tonf",
            "ton-force",
            "tonne-force",
            "tonnes",
            "tonne",
            "tons",
            "ton"
        ]
    ),
    u!("lbf", Force, 4.448_221_615, ["lbf"]),
    u!(
        "nm",
        Length,
        1e-9,
        ["nm", "nanometre", "nanometres", "nanometer", "nanometers"]
    ),
    u!(
        "um",
        Length,
        1e-6,
        [
            "um",
            "µm",
            "μm",
            "micron",
            "microns",
            "micrometre",
            "micrometres",
            "micrometer",
            "micrometers"
        ]
    ),
    u!(
        "mm",
        Length,
        1e-3,
        ["mm", "MM", "millimetre", "millimetres", "millimeter", "millimeters"]
    ),
    u!(
        "cm",
        Length,
        1e-2,
        ["cm", "centimetre", "centimetres", "centimeter", "centimeters"]
    ),
    u!("m", Length, 1.0, ["m", "metre", "metres", "meter", "meters"]),
    u!(
        "km",
        Length,
        1e3,
        [
            "km",
            "KM",
            "Km",
            "kilometre",
            "kilometres",
            "kilometer",
            "kilometers"
        ]
    ),
    u!("in", Length, 0.0254, ["in", "inch", "inches", "\"", "″"]),
    u!("ft", Length, 0.3048, ["ft", "foot", "feet"]),
    u!("Pa", Pressure, 1.0, ["Pa", "pascal", "pascals"]),
    u!("kPa", Pressure, 1e3, ["kPa", "KPa", "kpa"]),
    u!("MPa", Pressure, 1e6, ["MPa", "Mpa", "MPA", "N/mm2", "N/mm²"]),
    u!("GPa", Pressure, 1e9, ["GPa", "Gpa", "GPA"]),
    u!("bar", Pressure, 1e5, ["bar", "bars", "Bar"]),
    u!("mbar", Pressure, 1e2, ["mbar", "mBar"]),
    u!("psi", Pressure, 6_894.757, ["psi", "PSI", "psig", "psia"]),
    u!("torr", Pressure, 133.322_4, ["torr", "Torr", "mmHg"]),
    u!("atm", Pressure, 101_325.0, ["atm"]),
    u!(
        "C",
        Temperature,
        1.0,
        273.15,
        [
            "°C",
            "℃",
            "ºC",
            "degC",
            "deg C",
            "degrees C",
            "degrees Celsius",
            "C"
        ]
    ),
    u!("K", Temperature, 1.0, ["K", "kelvin"]),
    u!(
        "F",
        Temperature,
        5.0 / 9.0,
        273.15 - 32.0 * 5.0 / 9.0,
        [
            "°F",
            "℉",
            "ºF",
            "degF",
            "deg F",
            "degrees F",
            "degrees Fahrenheit",
            "F"
        ]
    ),
    u!("Hz", Frequency, 1.0, ["Hz", "hz", "HZ", "hertz"]),
    u!("kHz", Frequency, 1e3, ["kHz", "KHz", "khz", "KHZ"]),
    u!("MHz", Frequency, 1e6, ["MHz", "Mhz", "MHZ"]),
    u!("GHz", Frequency, 1e9, ["GHz", "Ghz", "GHZ"]),
    u!("THz", Frequency, 1e12, ["THz"]),
    u!("mg", Mass, 1e-6, ["mg", "milligram", "milligrams"]),
    u!("g", Mass, 1e-3, ["g", "gram", "grams", "gramme", "grammes"]),
    u!(
        "kg",
        Mass,
        1.0,
        ["kg", "Kg", "KG", "kilogram", "kilograms", "kilo", "kilos"]
    ),
    u!(
        "t",
        Mass,
        1e3,
        ["t", "tonne", "tonnes", "ton", "tons", "metric ton", "metric tons"]
    ),
    u!("lb", Mass, 0.453_592_37, ["lb", "lbs", "pound", "pounds"]),
    u!("mW", Power, 1e-3, ["mW", "milliwatt", "milliwatts"]),
    u!("W", Power, 1.0, ["W", "watt", "watts"]),
    u!("kW", Power, 1e3, ["kW", "KW", "kw", "kilowatt", "kilowatts"]),
    u!("MW", Power, 1e6, ["MW", "megawatt", "megawatts"]),
    u!("VA", Power, 1.0, ["VA", "va"]),
    u!("kVA", Power, 1e3, ["kVA", "KVA", "kva"]),
    u!(
        "rpm",
        Rotation,
        1.0,
        [
            "rpm", "RPM", "r.p.m.", "r/min", "rev/min", "U/min", "min-1",
            "min⁻¹"
        ]
    ),
    u!(
        "deg/h",
        AngularRate,
        1.0,
        [
            "deg/h",
            "deg/hr",
            "°/h",
            "°/hr",
            "º/h",
            "degrees per hour",
            "deg per hour",
            "dph"
        ]
    ),
    u!(
        "deg/s",
        AngularRate,
        3600.0,
        ["deg/s", "°/s", "º/s", "deg/sec", "degrees per second"]
    ),
    u!(
        "ug",
        Acceleration,
        1e-6 * G0,
        ["ug", "µg", "μg", "micro-g", "micro g"]
    ),
    u!("g0", Acceleration, G0, ["g", "G", "g0", "gn"]),
    u!("m/s2", Acceleration, 1.0, ["m/s2", "m/s²", "m/s^2"]),
    u!("ps", Time, 1e-12, ["ps", "picosecond", "picoseconds"]),
    u!("ns", Time, 1e-9, ["ns", "nanosecond", "nanoseconds"]),
    u!("us", Time, 1e-6, ["us", "µs", "μs", "microsecond", "microseconds"]),
    u!("ms", Time, 1e-3, ["ms", "millisecond", "milliseconds"]),
    u!("s", Time, 1.0, ["s", "sec", "secs", "second", "seconds"]),
    u!("min", Time, 60.0, ["min", "mins", "minute", "minutes"]),
    u!("h", Time, 3600.0, ["h", "hr", "hrs", "hour", "hours"]),
    u!("m/s", Velocity, 1.0, ["m/s", "m/sec"]),
    u!("km/h", Velocity, 1.0 / 3.6, ["km/h", "kph", "km/hr"]),
    u!("km/s", Velocity, 1e3, ["km/s"]),
    u!("deg", Angle, 1.0, ["deg", "°", "º", "degree", "degrees"]),
    u!(
        "arcsec",
        Angle,
        1.0 / 3600.0,
        ["arcsec", "arc-sec", "arc sec", "\"arc"]
    ),
    u!(
        "mrad",
        Angle,
        0.057_295_779_513,
        ["mrad", "milliradian", "milliradians"]
    ),
    u!(
        "urad",
        Angle,
        5.729_577_951_3e-5,
        ["urad", "µrad", "μrad", "microradian", "microradians"]
    ),
    u!("V", Voltage, 1.0, ["V", "volt", "volts", "VDC", "VAC"]),
    u!("kV", Voltage, 1e3, ["kV", "KV", "kilovolt", "kilovolts"]),
    u!("A", Current, 1.0, ["A", "amp", "amps", "ampere", "amperes"]),
    u!("mA", Current, 1e-3, ["mA"]),
    u!("kA", Current, 1e3, ["kA"]),
    u!("J", Energy, 1.0, ["J", "joule", "joules"]),
    u!("kJ", Energy, 1e3, ["kJ"]),
    u!("MJ", Energy, 1e6, ["MJ"]),
    u!("bit/s", DataRate, 1.0, ["bit/s", "bps", "b/s"]),
    u!("kbit/s", DataRate, 1e3, ["kbit/s", "kbps", "kb/s"]),
    u!("Mbit/s", DataRate, 1e6, ["Mbit/s", "Mbps", "Mb/s"]),
    u!("Gbit/s", DataRate, 1e9, ["Gbit/s", "Gbps", "Gb/s"]),
    u!("S/s", SampleRate, 1.0, ["S/s", "Sa/s", "SPS", "sps", "samples/s"]),
    u!("kS/s", SampleRate, 1e3, ["kS/s", "kSa/s", "kSPS", "ksps"]),
    u!("MS/s", SampleRate, 1e6, ["MS/s", "MSa/s", "MSPS", "Msps"]),
    u!("GS/s", SampleRate, 1e9, ["GS/s", "GSa/s", "GSPS", "Gsps"]),
    u!("bit", Bits, 1.0, ["bit", "bits", "Bit", "b"]),
    u!("%", Percent, 1.0, ["%", "percent", "per cent"]),
    u!("ppm", Ppm, 1.0, ["ppm"]),
    u!("ml", Volume, 1e-6, ["ml", "mL"]),
    u!("l", Volume, 1e-3, ["l", "L", "litre", "litres", "liter", "liters"]),
    u!(
        "m3",
        Volume,
        1.0,
        [
            "m3",
            "m³",
            "cubic metre",
            "cubic metres",
            "cubic meter",
            "cubic meters"
        ]
    ),
    u!("g/cm3", Density, 1e3, ["g/cm3", "g/cm³", "g/cc"]),
    u!("kg/m3", Density, 1.0, ["kg/m3", "kg/m³"]),
    u!("count", Count, 1.0, []),
];

/// The unit a rule file names by its key (`"kN"`, `"count"`, `"µm"` too).
pub(crate) fn by_key(key: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.key == key).or_else(|| {
        // A rule author may write a common spelling instead of the key
        // (`°C`, `µm`); accept it when only one quantity uses it.
        let mut it = UNITS.iter().filter(|u| u.spellings.contains(&key));
        let first = it.next()?;
        if it.next().is_none() { Some(first) } else { None }
    })
}

/// The keys of every unit, for the "unknown unit" diagnostic.
pub(crate) fn keys() -> impl Iterator<Item = &'static str> {
    UNITS.iter().map(|u| u.key)
}

/// The longest spelling of a `quantity` unit that `text` starts with, and
/// its length in bytes. The spelling must end at a non-alphanumeric.
pub(crate) fn prefix(
    quantity: Quantity,
    text: &str,
) -> Option<(&'static Unit, usize)> {
    let mut best: Option<(&'static Unit, usize)> = None;
    for u in UNITS.iter().filter(|u| u.quantity == quantity) {
        for sp in u.spellings {
            if sp.len() > best.map_or(0, |b| b.1)
                && text.starts_with(sp)
                && !text[sp.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric())
            {
                best = Some((u, sp.len()));
            }
        }
    }
    best
}

/// Number words for counts ("three rollers", "five axes").
pub(crate) fn number_word(w: &str) -> Option<f64> {
    let n = match w {
        "one" | "single" => 1,
        "two" | "dual" | "twin" | "double" => 2,
        "three" | "triple" => 3,
        "four" | "quad" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return None,
    };
    Some(f64::from(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(v: f64, from: &str, to: &str) -> f64 {
        let f = by_key(from).unwrap();
        let t = by_key(to).unwrap();
        assert_eq!(f.quantity, t.quantity);
        t.to_unit(f.to_base(v))
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-6 * b.abs().max(1.0), "{a} != {b}");
    }

    #[test]
    fn every_unit_of_the_issue_converts() {
        close(conv(8.0, "tf", "kN"), 78.4532);
        close(conv(1.0, "MN", "kN"), 1000.0);
        close(conv(1000.0, "kgf", "kN"), 9.80665);
        close(conv(1000.0, "lbf", "kN"), 4.448_221_615);
        close(conv(1000.0, "N", "kN"), 1.0);
        close(conv(1.0, "in", "mm"), 25.4);
        close(conv(1500.0, "nm", "um"), 1.5);
        close(conv(2.0, "cm", "mm"), 20.0);
        close(conv(0.3, "m", "mm"), 300.0);
        close(conv(1.0, "GPa", "MPa"), 1000.0);
        close(conv(100.0, "kPa", "bar"), 1.0);
        close(conv(145.037_74, "psi", "MPa"), 1.0);
        close(conv(760.0, "torr", "Pa"), 101_325.0);
        close(conv(100.0, "C", "K"), 373.15);
        close(conv(212.0, "F", "C"), 100.0);
        close(conv(1.0, "GHz", "MHz"), 1000.0);
        close(conv(2.0, "kHz", "Hz"), 2000.0);
        close(conv(1.0, "t", "kg"), 1000.0);
        close(conv(1000.0, "g", "kg"), 1.0);
        close(conv(1.0, "lb", "kg"), 0.453_592_37);
        close(conv(2.0, "kW", "W"), 2000.0);
        close(conv(40.0, "VA", "W"), 40.0);
        close(conv(1.0, "deg/s", "deg/h"), 3600.0);
        close(conv(6000.0, "rpm", "rpm"), 6000.0);
    }

    #[test]
    fn prefix_takes_the_longest_spelling() {
        assert_eq!(prefix(Quantity::Force, "kN roller").unwrap().1, 2);
        assert_eq!(prefix(Quantity::Force, "t roller").unwrap().0.key, "tf");
        assert!(prefix(Quantity::Force, "turbine").is_none());
        assert_eq!(prefix(Quantity::Pressure, "MPa,").unwrap().0.key, "MPa");
    }
}
