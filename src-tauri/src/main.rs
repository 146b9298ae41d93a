// Hide the console window on Windows release builds; a desktop app has no terminal.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    highwater_app::run();
}
