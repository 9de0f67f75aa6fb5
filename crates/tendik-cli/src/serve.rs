//! `tendik serve`: the dashboard over a plan's analysis (the bundled plan on the demo by
//! default), computed at start, on 127.0.0.1 unless told otherwise.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use tendik_plan::Plan;

use crate::output::CliError;

/// Arguments of `tendik serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The plan file (default: the bundled MICS6 plan).
    #[arg(value_name = "PLAN")]
    plan: Option<PathBuf>,
    /// The survey folder (default: the demo survey).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The administrative data folder (default: DATA/admin when it exists).
    #[arg(long, value_name = "DIR")]
    admin: Option<PathBuf>,
    /// The port.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on: 127.0.0.1 (this machine only) unless given, such as
    /// 0.0.0.0 for every interface.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
}

pub(crate) fn run(args: &ServeArgs) -> Result<(), CliError> {
    let (text, source) = crate::bottleneck::plan_text(args.plan.as_deref())?;
    let plan = Plan::from_toml(&text, &source).map_err(|e| crate::analyze::plan_error(&e))?;
    let (data, admin_dir) =
        crate::bottleneck::folders(args.data.as_deref(), args.admin.as_deref())?;
    let admin = crate::bottleneck::read_admin(admin_dir.as_deref())?;
    let runtime = crate::output::runtime()?;
    crate::output::note(&format!("analysing {} with {source}", data.display()));
    let analysis = runtime
        .block_on(tendik_plan::analyze(&plan, &source, &data))
        .map_err(|e| crate::analyze::plan_error(&e))?;
    let bottlenecks = if plan.interventions.is_empty() {
        None
    } else {
        Some(crate::bottleneck::compute(
            &plan,
            &source,
            &data,
            admin.as_ref(),
            &[tendik_geo::Level::Region, tendik_geo::Level::District],
        )?)
    };
    let dashboard = Arc::new(tendik_server::Dashboard {
        cache: tendik_server::PageCache::default(),
        plan,
        analysis,
        bottlenecks,
        software: env!("CARGO_PKG_VERSION").to_owned(),
    });
    let address = SocketAddr::new(args.bind, args.port);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
            CliError::new(format!("cannot listen on {address}: {e}"))
                .with_hint("another program may use that port; give --port N")
        })?;
        crate::output::note(&format!(
            "the dashboard is at http://{address}/ (Ctrl-C stops it)"
        ));
        axum::serve(listener, tendik_server::router(dashboard))
            .await
            .map_err(|e| CliError::new(format!("the server stopped: {e}")))
    })
}
