//! Small seeded generators with fixed streams. Tests need numbers that are
//! the same on every machine and in every version, not a statistical-grade
//! generator, so these are written out here rather than taken from a crate
//! whose streams may change between releases.

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): a 64-bit state advanced by the golden-ratio
/// increment and finalised by two xor-shift-multiply rounds.
///
/// ```
/// use tidings_testkit::rng::SplitMix64;
/// let mut a = SplitMix64::new(7);
/// let mut b = SplitMix64::new(7);
/// assert_eq!(a.next_u64(), b.next_u64());
/// let u = a.uniform();
/// assert!((0.0..1.0).contains(&u));
/// ```
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, from the top 53 bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The 64-bit linear congruential generator with Knuth's MMIX constants
/// (multiplier 6364136223846793005, increment 1442695040888963407), read
/// from the high bits, whose low bits are the weak ones.
///
/// ```
/// use tidings_testkit::rng::Lcg;
/// let mut rng = Lcg::new(42);
/// assert!(rng.next_u31() < 1 << 31);
/// assert!((0.0..1.0).contains(&rng.uniform()));
/// ```
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    /// A generator starting from `seed` (the state before the first step).
    pub fn new(seed: u64) -> Self {
        Lcg(seed)
    }

    /// The top 31 bits of the next state.
    pub fn next_u31(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform in `[0, 1)`, from the top 31 bits.
    pub fn uniform(&mut self) -> f64 {
        self.next_u31() as f64 / (1u64 << 31) as f64
    }
}
