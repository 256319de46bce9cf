package netflixjobs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.apache.hadoop.io.Writable;

/** A Writable written and read back, as the shuffle and the file formats move it: the tests' one way. */
public final class RoundTrip {
  private RoundTrip() {}

  /** Writes {@code w}, reads the bytes into {@code into}, returns {@code into}. */
  public static <T extends Writable> T of(Writable w, T into) throws IOException {
    byte[] b = bytes(w);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
    into.readFields(in);
    if (in.available() != 0) {
      throw new IOException(in.available() + " of " + b.length + " bytes left unread");
    }
    return into;
  }

  /** The serialised form. */
  public static byte[] bytes(Writable w) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    w.write(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }
}
