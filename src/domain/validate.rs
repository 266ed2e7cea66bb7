//! Input checks shared by the use cases; each failure names its field.

use crate::error::AppError;

/// Trims `value` and checks its length in characters (not bytes: Chinese text).
pub fn text(field: &str, value: &str, min: usize, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    no_nul(field, v)?;
    let n = v.chars().count();
    if n < min {
        return Err(AppError::bad_input(
            field,
            if min == 1 {
                "must not be empty".into()
            } else {
                format!("must be at least {min} characters")
            },
        ));
    }
    if n > max {
        return Err(AppError::bad_input(
            field,
            format!("must be at most {max} characters (got {n})"),
        ));
    }
    Ok(v.to_owned())
}

/// Like [`text`] for optional fields; blank becomes `None`.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => text(field, v, 1, max).map(Some),
    }
}

/// PostgreSQL refuses NUL bytes in text; refuse them everywhere so both backends agree.
pub fn no_nul(field: &str, value: &str) -> Result<(), AppError> {
    if value.contains('\0') {
        return Err(AppError::bad_input(
            field,
            "must not contain NUL characters",
        ));
    }
    Ok(())
}

/// Mainland mobile (`13812345678`, optionally `+86`) or landline (`0758-2812345`).
pub fn phone(field: &str, value: &str) -> Result<String, AppError> {
    let compact: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = compact.strip_prefix("+86").unwrap_or(&compact);
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let mobile = all_digits
        && digits.len() == 11
        && digits.starts_with('1')
        && (b'3'..=b'9').contains(&digits.as_bytes()[1]);
    let landline = all_digits && digits.starts_with('0') && (10..=12).contains(&digits.len());
    if mobile || landline {
        Ok(digits.to_owned())
    } else {
        Err(AppError::bad_input(
            field,
            "must be a mainland mobile number (11 digits) or a landline with area code",
        ))
    }
}

/// Latitude/longitude pair within range, both or neither.
pub fn coordinates(
    lat: Option<f64>,
    lon: Option<f64>,
) -> Result<(Option<f64>, Option<f64>), AppError> {
    match (lat, lon) {
        (None, None) => Ok((None, None)),
        (Some(_), None) => Err(AppError::bad_input("longitude", "required with latitude")),
        (None, Some(_)) => Err(AppError::bad_input("latitude", "required with longitude")),
        (Some(a), Some(o)) => {
            if !(-90.0..=90.0).contains(&a) || !a.is_finite() {
                return Err(AppError::bad_input(
                    "latitude",
                    "must be between -90 and 90",
                ));
            }
            if !(-180.0..=180.0).contains(&o) || !o.is_finite() {
                return Err(AppError::bad_input(
                    "longitude",
                    "must be between -180 and 180",
                ));
            }
            Ok((Some(a), Some(o)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_accepts_mobile_and_landline_and_refuses_the_rest() {
        assert_eq!(phone("p", "138 1234 5678").unwrap(), "13812345678");
        assert_eq!(phone("p", "+8613812345678").unwrap(), "13812345678");
        assert_eq!(phone("p", "0758-2812345").unwrap(), "07582812345");
        assert!(phone("p", "12812345678").is_err());
        assert!(phone("p", "1381234567").is_err());
        assert!(phone("p", "abc").is_err());
    }

    #[test]
    fn text_counts_characters_not_bytes() {
        assert!(text("s", &"问".repeat(200), 1, 200).is_ok());
        assert!(text("s", &"问".repeat(201), 1, 200).is_err());
        assert!(text("s", "   ", 1, 200).is_err());
        assert!(text("s", "a\0b", 1, 200).is_err());
    }
}
