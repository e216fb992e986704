//! Pure domain types of the register: they parse raw input, refuse bad values, and never touch the clock or the database.

pub mod certification;
mod countries_data;
pub mod country;
pub mod risk;
pub mod vendor;

pub use country::{Country, CountryCode};
pub use risk::{Level, ReviewCycle, Tier};
pub use vendor::{NewVendor, Status, TransferMechanism, Vendor, VendorDraft, VendorName};
