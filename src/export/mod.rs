//! Exports to other programs' formats: FHIR R4 for EHRs and FHIR servers, iCalendar for
//! calendars.

pub mod fhir;
pub mod ical;
