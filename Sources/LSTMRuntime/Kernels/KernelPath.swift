import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which implementation of the hot kernels a model runs.
///
/// The C kernels are compiled for one instruction set each with function attributes, so the
/// library itself needs no `-march` flag; the CPU decides at load time, as ONNX Runtime's MLAS
/// does. The portable Swift kernels are the reference and the fallback on every other CPU.
/// Setting the environment variable `LSTM_RUNTIME_KERNELS=portable` forces the portable path.
enum KernelPath: String, Sendable, CaseIterable {
    /// Swift SIMD and the C library's `expf`/`tanhf`; separate multiply and add.
    case portable = "portable"
    /// C with AVX2 and FMA: fused multiply-adds, vector exp/tanh.
    case avx2 = "avx2+fma"

    /// Whether this CPU can run the path.
    var isSupported: Bool {
        switch self {
        case .portable: true
        case .avx2: ck_cpu_has_avx2_fma() != 0
        }
    }

    /// The fastest supported path, unless `LSTM_RUNTIME_KERNELS` names another supported one.
    static let preferred: KernelPath = {
        if let name = getenv("LSTM_RUNTIME_KERNELS").map({ String(cString: $0) }),
           let path = KernelPath.allCases.first(where: { $0.rawValue == name || "\($0)" == name }),
           path.isSupported {
            return path
        }
        return KernelPath.avx2.isSupported ? .avx2 : .portable
    }()
}

extension KernelPath {
    /// The paths this CPU can run, portable first.
    static var supported: [KernelPath] { allCases.filter(\.isSupported) }
}
