package org.kith.bench.ledger;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.crypto.VerificationKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 signatures and verifications of a 1 KB message per second on one thread: Bouncy Castle's
 * lightweight API as the hub uses it ({@link SigningKey}, {@link VerificationKey}) beside the JDK's
 * own provider (SunEC, {@code Signature.getInstance("Ed25519")}), each with a fresh signer per call
 * as a server handling independent messages would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Benchmark {

    static final int MESSAGE_BYTES = 1024;

    private byte[] message;
    private SigningKey bcKey;
    private VerificationKey bcPublic;
    private byte[] bcSignature;
    private KeyPair jdkKeys;
    private byte[] jdkSignature;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        message = new byte[MESSAGE_BYTES];
        new Random(42).nextBytes(message);
        bcKey = SigningKey.generate(new SecureRandom());
        bcPublic = bcKey.publicKey();
        bcSignature = bcKey.sign(message);
        jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        jdkSignature = jdkSign();
        if (!bcVerify() || !jdkVerify()) {
            throw new IllegalStateException("a signature made in set-up does not verify");
        }
    }

    @Benchmark
    public byte[] bcSign() {
        return bcKey.sign(message);
    }

    @Benchmark
    public boolean bcVerify() {
        return bcPublic.verify(message, bcSignature);
    }

    @Benchmark
    public byte[] jdkSign() throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(jdkKeys.getPrivate());
        signer.update(message);
        return signer.sign();
    }

    @Benchmark
    public boolean jdkVerify() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkKeys.getPublic());
        verifier.update(message);
        return verifier.verify(jdkSignature);
    }
}
