package io.parley.channels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for channel credentials. The key comes from {@code PARLEY_SECRET_KEY} (base64, 32
 * bytes) or, on a single machine, from a key file under the Parley home created on first use; it is
 * never stored in the database, so a database dump alone reveals no token. Public because other
 * modules keep secrets they must use again too (webhook signing secrets).
 */
@Component
public class CredentialCipher {

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String VERSION = "v1:";

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  CredentialCipher(
      @Value("${parley.secret-key:}") String configuredKey, @Value("${parley.home}") String home) {
    this.key = new SecretKeySpec(loadKey(configuredKey, Path.of(home)), "AES");
  }

  public String encrypt(String plaintext) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + sealed.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(sealed, 0, out, iv.length, sealed.length);
      return VERSION + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot encrypt credentials", e);
    }
  }

  public String decrypt(String ciphertext) {
    if (!ciphertext.startsWith(VERSION)) {
      throw new IllegalStateException("Unknown credential format");
    }
    try {
      byte[] in = Base64.getDecoder().decode(ciphertext.substring(VERSION.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "Cannot decrypt stored credentials: was PARLEY_SECRET_KEY changed?", e);
    }
  }

  private static byte[] loadKey(String configured, Path home) {
    if (configured != null && !configured.isBlank()) {
      byte[] key = Base64.getDecoder().decode(configured.trim());
      if (key.length != 32) {
        throw new IllegalStateException(
            "PARLEY_SECRET_KEY must be 32 bytes, base64-encoded (got " + key.length + " bytes)");
      }
      return key;
    }
    Path file = home.resolve("secret.key");
    try {
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).trim());
      }
      Files.createDirectories(home);
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.writeString(file, Base64.getEncoder().encodeToString(key));
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: the folder's own permissions have to do
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the key file " + file, e);
    }
  }
}
