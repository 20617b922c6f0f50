//! Deterministic order generation: the same (seed, k) always makes the same order.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use waybill_core::{Address, Customer, NewOrder, OrderLine, OrderStatus, PaymentStatus};

use super::catalog::{FIRST_NAMES, LAST_NAMES, ORDER_TAGS, PLACES, PRODUCTS, SERVICES, STREETS};

#[derive(Debug, Clone, Copy)]
pub struct OrderGenerator {
    seed: u64,
}

fn pick<'a, T>(rng: &mut SmallRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

impl OrderGenerator {
    pub fn new(seed: u64) -> Self {
        Self { seed }
    }

    /// The shop's `k`-th order, placed at `placed_at`.
    pub fn order(&self, k: u64, placed_at: DateTime<Utc>) -> NewOrder {
        let mut rng = SmallRng::seed_from_u64(self.seed ^ k.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let first = pick(&mut rng, FIRST_NAMES);
        let last = pick(&mut rng, LAST_NAMES);
        let name = format!("{first} {last}");
        let &(city, region, postal_prefix, country, currency) = pick(&mut rng, PLACES);
        // About one order in forty arrives with an address a carrier will reject.
        let broken_address = rng.random_ratio(1, 40);
        let ship_to = Address {
            name: name.clone(),
            company: rng.random_ratio(1, 8).then(|| format!("{last} & Co")),
            line1: format!("{} {}", rng.random_range(1..9999), pick(&mut rng, STREETS)),
            line2: rng
                .random_ratio(1, 5)
                .then(|| format!("Apt {}", rng.random_range(1..40))),
            city: city.to_owned(),
            region: region.map(str::to_owned),
            postal_code: if broken_address {
                String::new()
            } else {
                format!("{postal_prefix}{:02}", rng.random_range(0..100))
            },
            country: country.to_owned(),
            phone: rng
                .random_ratio(2, 3)
                .then(|| format!("+1 555 {:04}", rng.random_range(0..10_000))),
            residential: Some(rng.random_ratio(4, 5)),
        };
        let line_count = match rng.random_range(0..10) {
            0..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        let mut lines: Vec<OrderLine> = Vec::with_capacity(line_count);
        for _ in 0..line_count {
            let &(sku, pname, price, weight, tags) = pick(&mut rng, PRODUCTS);
            if lines.iter().any(|l| l.sku == sku) {
                continue;
            }
            lines.push(OrderLine {
                sku: sku.to_owned(),
                name: pname.to_owned(),
                quantity: if rng.random_ratio(1, 5) {
                    rng.random_range(2..5)
                } else {
                    1
                },
                unit_price: price,
                unit_weight_g: weight,
                product_tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            });
        }
        let subtotal: i64 = lines
            .iter()
            .map(|l| l.unit_price * i64::from(l.quantity))
            .sum();
        let service = *pick(&mut rng, SERVICES);
        let shipping_paid = match service {
            "Overnight" => 2900,
            "Expedited" => 1400,
            _ if subtotal >= 7500 => 0,
            _ => 600,
        };
        let tax = subtotal * 8 / 100;
        let pending = rng.random_ratio(1, 12);
        let number = 1000 + k;
        let email_user: String = format!("{}.{}", first, last)
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let tags = if rng.random_ratio(1, 6) {
            vec![(*pick(&mut rng, ORDER_TAGS)).to_owned()]
        } else {
            Vec::new()
        };
        let ship_days = match service {
            "Overnight" => 1,
            "Expedited" => 2,
            _ => 3,
        };
        NewOrder {
            external_id: format!("demo-{k}"),
            number: format!("#{number}"),
            status: if pending {
                OrderStatus::AwaitingPayment
            } else {
                OrderStatus::Ready
            },
            channel_status: if pending {
                "pending".into()
            } else {
                "paid".into()
            },
            payment_status: if pending {
                PaymentStatus::Pending
            } else {
                PaymentStatus::Paid
            },
            customer: Customer {
                name,
                email: Some(format!("{email_user}{}@example.com", k % 97)),
                phone: ship_to.phone.clone(),
            },
            bill_to: None,
            ship_to,
            requested_service: Some(service.to_owned()),
            lines,
            currency: currency.to_owned(),
            subtotal,
            shipping_paid,
            tax,
            total: subtotal + shipping_paid + tax,
            tags,
            customer_notes: rng
                .random_ratio(1, 15)
                .then(|| "Please leave at the back door.".to_owned()),
            gift: rng.random_ratio(1, 20),
            placed_at,
            updated_at: placed_at,
            ship_by: Some(placed_at + Duration::days(ship_days)),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_same_seed_and_number_make_the_same_order() {
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let g = OrderGenerator::new(42);
        assert_eq!(g.order(5, t), g.order(5, t));
        assert_ne!(g.order(5, t).customer, g.order(6, t).customer);
    }

    #[test]
    fn totals_add_up_from_lines_shipping_and_tax() {
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let g = OrderGenerator::new(1);
        for k in 0..200 {
            let o = g.order(k, t);
            let lines: i64 = o
                .lines
                .iter()
                .map(|l| l.unit_price * i64::from(l.quantity))
                .sum();
            assert_eq!(o.subtotal, lines);
            assert_eq!(o.total, o.subtotal + o.shipping_paid + o.tax);
            assert!(!o.lines.is_empty());
        }
    }
}
