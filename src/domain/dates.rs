//! Dates as people write them: "12 décembre 2026", "12 December 2026". ISO dates stay in files
//! and wherever a machine reads them.

use jiff::civil::Date;

use super::Lang;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `date` in words, day first in both languages ("1er" for the first day, in French).
pub fn long(date: Date, lang: Lang) -> String {
    let month = usize::try_from(date.month() - 1).unwrap_or(0).min(11);
    match lang {
        Lang::En => format!("{} {} {}", date.day(), MONTHS_EN[month], date.year()),
        Lang::Fr if date.day() == 1 => format!("1er {} {}", MONTHS_FR[month], date.year()),
        Lang::Fr => format!("{} {} {}", date.day(), MONTHS_FR[month], date.year()),
    }
}

/// `date` in a table cell: "15/09/2026" in French, "15 Sep 2026" in English.
pub fn short(date: Date, lang: Lang) -> String {
    let month = usize::try_from(date.month() - 1).unwrap_or(0).min(11);
    match lang {
        Lang::Fr => format!("{:02}/{:02}/{}", date.day(), date.month(), date.year()),
        Lang::En => format!("{} {} {}", date.day(), &MONTHS_EN[month][..3], date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(long(date(2026, 12, 12), Lang::Fr), "12 décembre 2026");
        assert_eq!(long(date(2026, 12, 12), Lang::En), "12 December 2026");
        assert_eq!(long(date(2027, 1, 1), Lang::Fr), "1er janvier 2027");
        assert_eq!(long(date(2024, 2, 29), Lang::En), "29 February 2024");
        assert_eq!(short(date(2026, 9, 5), Lang::Fr), "05/09/2026");
        assert_eq!(short(date(2026, 9, 5), Lang::En), "5 Sep 2026");
    }
}
