extension RunConfiguration {
    /// Which of the places that can name a price table named the one a command used: flags win over the
    /// configuration file, which wins over the suite.
    public enum PricesOrigin: String, Sendable, Hashable, CaseIterable {
        /// `--prices FILE` on the command line.
        case flag = "--prices"
        /// The configuration file's `prices`.
        case configuration = "config"
        /// The suite's `suite.json` `prices`.
        case suite
    }
}
