//! Paginated lists: every list endpoint returns `{"items": [...], "meta": {...}}`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub meta: PageMeta,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageMeta {
    /// 1-based page number.
    pub page: u32,
    pub per_page: u32,
    /// Matching items across all pages.
    pub total: u64,
}

impl PageMeta {
    pub const MAX_PER_PAGE: u32 = 100;
    pub const DEFAULT_PER_PAGE: u32 = 20;

    pub fn page_count(&self) -> u32 {
        if self.per_page == 0 {
            return 0;
        }
        self.total.div_ceil(u64::from(self.per_page)) as u32
    }
}
