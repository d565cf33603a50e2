func probeValue() -> Int { 42 }
