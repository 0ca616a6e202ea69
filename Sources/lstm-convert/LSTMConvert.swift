import ArgumentParser

/// `lstm-convert`: converts Keras LSTM models to `.lstmw`, runs them, checks their parity with
/// Keras, and shows where each gate's weights are.
@main
struct LSTMConvert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm-convert",
        abstract: "Convert Keras LSTM models to .lstmw and run them without Python.",
        discussion: """
            lstm-convert model.h5 out.lstmw       convert a Keras 2 or Keras 3 .h5 model
            lstm-convert run model.lstmw --input x.npy --output y.npy
            lstm-convert verify model.lstmw --input x.npy --expected y.npy
            lstm-convert explain model.h5         where each gate's weights are
            lstm-convert bench model.lstmw --input x.npy [--threads N] [--step] [--json]
            """,
        version: "0.1.0",
        subcommands: [Convert.self, Run.self, Verify.self, Explain.self, Bench.self],
        defaultSubcommand: Convert.self
    )
}
