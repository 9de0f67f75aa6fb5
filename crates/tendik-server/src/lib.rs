//! The dashboard over one analysis: server-rendered pages in the caller's language (they
//! read without JavaScript), national → oblast → rayon drill-down by links (every view a
//! shareable URL), pickers for figure, breakdown and age group, map + chart + table with
//! their uncertainty, each area's bottleneck chains, CSV downloads, and a JSON API
//! described by an `OpenAPI` document. Aggregates only: no microdata row is held here, and a
//! suppressed figure has no number in the pages, the downloads or the API.
//!
//! Every handler goes through [`Caller`], the one place that knows what the caller may
//! see ([`Scope`]); today everyone sees every area.

mod api;
mod pages;
mod view;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::get;
use tendik_plan::{Analysis, Bottlenecks, Plan};

pub use view::View;

/// What the dashboard shows: one run of a plan.
#[derive(Debug)]
pub struct Dashboard {
    /// Pages already rendered, by view (the figures never change while it runs).
    pub cache: PageCache,
    /// The plan that was run.
    pub plan: Plan,
    /// Its figures.
    pub analysis: Analysis,
    /// Its bottleneck table, when the plan has chains.
    pub bottlenecks: Option<Bottlenecks>,
    /// tendik's version (`0.1.0`), for the footer.
    pub software: String,
}

/// Rendered pages by their canonical view (path, query and scope), at most
/// [`PageCache::CAPACITY`] of them: a page is rendered once, then served from memory.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: std::sync::Mutex<std::collections::HashMap<String, Arc<String>>>,
}

impl PageCache {
    /// The most pages kept (the oldest are not tracked: the cache is cleared when full).
    pub const CAPACITY: usize = 2048;

    /// The page for `key`, rendered by `render` the first time.
    pub fn get_or_render(&self, key: String, render: impl FnOnce() -> String) -> Arc<String> {
        if let Some(page) = self
            .pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
        {
            return Arc::clone(page);
        }
        let page = Arc::new(render());
        let mut pages = self
            .pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pages.len() >= Self::CAPACITY {
            pages.clear();
        }
        pages.insert(key, Arc::clone(&page));
        page
    }
}

/// Which areas a caller may see (a later issue adds accounts scoped to an area).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every area.
    All,
    /// One area (a tendik-geo code) and the units below it.
    Area(String),
}

impl Scope {
    /// Whether the caller may see `code` (a tendik-geo unit code; `KG` the country).
    #[must_use]
    pub fn allows(&self, code: &str) -> bool {
        match self {
            Self::All => true,
            Self::Area(area) => {
                code == area || tendik_geo::ancestors(code).iter().any(|u| &u.code == area)
            }
        }
    }
}

/// The caller of a request: every handler takes one.
#[derive(Debug, Clone)]
pub struct Caller {
    /// What it may see.
    pub scope: Scope,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self { scope: Scope::All })
    }
}

/// The router of the pages and the API.
pub fn router(dashboard: Arc<Dashboard>) -> Router {
    Router::new()
        .route("/", get(pages::national))
        .route("/area/{code}", get(pages::area))
        .route("/download.csv", get(api::download_csv))
        .route("/api/figures", get(api::figures))
        .route("/api/areas", get(api::areas))
        .route("/api/bottlenecks", get(api::bottlenecks))
        .route("/api/openapi.json", get(api::openapi))
        .fallback(pages::not_found)
        .with_state(dashboard)
}
