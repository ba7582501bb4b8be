package example

// sale is one line of a sales report.
type sale struct {
	region, store, product string
	units                  int
}

// addSales keeps units per region, store and product in a three-level map:
// nestedmap reports both inner maps, one allocation per new region and one
// per new (region, store).
func addSales(units map[string]map[string]map[string]int, sales []sale) {
	for _, s := range sales {
		byStore, ok := units[s.region]
		if !ok {
			byStore = make(map[string]map[string]int)
			units[s.region] = byStore
		}
		byProduct, ok := byStore[s.store]
		if !ok {
			byProduct = make(map[string]int)
			byStore[s.store] = byProduct
		}
		byProduct[s.product] += s.units
	}
}

// saleKey is the three keys in one.
type saleKey struct{ region, store, product string }

// addSalesFlat keeps the same numbers in one map: no allocation per key.
func addSalesFlat(units map[saleKey]int, sales []sale) {
	for _, s := range sales {
		units[saleKey{s.region, s.store, s.product}] += s.units
	}
}
