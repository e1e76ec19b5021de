//! Enums that JavaScript names by string. One declaration gives the Rust enum, its serde names,
//! its TypeScript union type (through tsify) and the list of names the schema and error messages
//! show — so a name is written exactly once.

/// `choice_enum! { /// doc  pub enum Name { Variant = "jsName", … } }`
macro_rules! choice_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $js:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, tsify::Tsify)]
        $vis enum $name {
            $($(#[$vmeta])* #[serde(rename = $js)] $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The JavaScript names, in the order of `ALL`.
            pub const NAMES: &'static [&'static str] = &[$($js,)+];

            /// The JavaScript name.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $js,)+
                }
            }

            /// The variant JavaScript calls `name`.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($js => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

pub(crate) use choice_enum;

#[cfg(test)]
mod tests {
    choice_enum! {
        /// A test enum.
        pub enum Fruit {
            Apple = "apple",
            BloodOrange = "bloodOrange",
        }
    }

    #[test]
    fn names_match_serde_and_round_trip() {
        for (&f, &n) in Fruit::ALL.iter().zip(Fruit::NAMES) {
            assert_eq!(serde_json::to_value(f).unwrap(), serde_json::Value::from(n));
            assert_eq!(f.name(), n);
            assert_eq!(Fruit::from_name(n), Some(f));
        }
        assert_eq!(Fruit::from_name("pear"), None);
        assert_eq!(serde_json::from_str::<Fruit>("\"bloodOrange\"").unwrap(), Fruit::BloodOrange);
    }
}
