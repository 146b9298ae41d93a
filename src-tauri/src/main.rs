// Hide the console window on Windows release builds; a desktop app has no terminal.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's DMA-BUF renderer shows blank windows on some GPU drivers and VMs and costs
    // ~60 MiB more at idle; the shared-memory path is plenty for a forms-and-tables app.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    highwater_app::run();
}
