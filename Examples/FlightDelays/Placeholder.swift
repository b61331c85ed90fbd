public enum FlightDelaysPlaceholder {}
