#![no_main]
// See dl_playground::fuzz::config for what runs and what must hold.
libfuzzer_sys::fuzz_target!(|data: &[u8]| dl_playground::fuzz::config(data));
