//! Named pipes (FIFOs): read as streams, without hanging when nothing writes to them.
//!
//! Opening a FIFO for reading blocks until a writer opens it, forever if none comes. It is
//! opened without blocking instead, and a writer is waited for at most [`FIFO_WAIT`].

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::Duration;

use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

/// How long a FIFO's writer is waited for.
pub const FIFO_WAIT: Duration = Duration::from_secs(5);

/// Read everything a writer sends through the FIFO at `path`.
pub(crate) fn read_fifo(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(OFlag::O_NONBLOCK.bits())
        .open(path)?;
    // Readable once a writer has written or has come and gone (end of file).
    let timeout = PollTimeout::try_from(FIFO_WAIT).unwrap_or(PollTimeout::MAX);
    let ready = loop {
        let mut fds = [PollFd::new(
            std::os::fd::AsFd::as_fd(&file),
            PollFlags::POLLIN,
        )];
        match poll(&mut fds, timeout) {
            Ok(ready) => break ready,
            Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    };
    if ready == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            format!(
                "it is a named pipe (FIFO) and nothing wrote to it within {} s; start the program that writes it first, or give a regular file",
                FIFO_WAIT.as_secs()
            ),
        ));
    }
    fcntl(&file, FcntlArg::F_SETFL(OFlag::empty()))?;
    let mut bytes = Vec::new();
    (&file).read_to_end(&mut bytes)?;
    Ok(bytes)
}
