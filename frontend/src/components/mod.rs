//! Building blocks shared by the pages: the page frame, form controls with their error handling,
//! challenge cards and small display helpers.

pub mod card;
pub mod form;
pub mod layout;
pub mod widgets;
