//! The per-frame calls allocate nothing once warmed up, apart from the amortised growth of the
//! loss history and the parameter path. Counted with a global allocator in this test binary.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use dl_playground::{Budget, Engine, OptimizerKind, TrainerConfig};

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn count(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

#[test]
fn stepping_and_grids_do_not_allocate_per_call() {
    let cfg =
        TrainerConfig { seed: Some(3), hidden: vec![8; 6], optimizer: OptimizerKind::Adam, ..TrainerConfig::default() };
    let mut e = Engine::new(cfg.check().unwrap());
    e.advance(Budget::Epochs(1));
    let _ = e.predict_grid(100);
    let _ = e.neuron_grids(40);
    let _ = e.predict_grid(100);

    assert_eq!(
        count(|| for _ in 0..50 {
            let _ = e.predict_grid(100);
        }),
        0,
        "predict_grid"
    );
    let steps = 300;
    let n = count(|| {
        for _ in 0..steps {
            e.advance(Budget::Epochs(1));
        }
    });
    // 300 epochs of 10 batches: only the doubling of the history and path vectors may allocate.
    assert!(n <= 40, "{n} allocations in {steps} epochs");
    let n = count(|| {
        for _ in 0..100 {
            e.advance(Budget::Samples(3));
        }
    });
    assert!(n <= 10, "{n} allocations in 100 sample steps");
}
