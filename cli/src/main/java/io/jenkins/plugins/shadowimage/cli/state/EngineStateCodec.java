package io.jenkins.plugins.shadowimage.cli.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Base64;

/**
 * Turns the engine's (Serializable) operation state into text for the state file and back. A state
 * file is input from disk, so deserialization only admits JDK value classes and our own classes.
 */
public final class EngineStateCodec {
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;maxrefs=10000;maxbytes=1048576;maxarray=100000;"
                    + "io.jenkins.plugins.shadowimage.**;java.lang.*;java.util.*;java.time.*;java.net.URI;"
                    + "java.math.*;!*");

    private EngineStateCodec() {
    }

    public static String encode(Serializable state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the operation state: " + e, e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    public static <T> T decode(String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw new InvalidStateFileException("the state file holds no engine state");
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            in.setObjectInputFilter(FILTER);
            Object o = in.readObject();
            if (!type.isInstance(o)) {
                throw new InvalidStateFileException("the state file holds a " + o.getClass().getName()
                        + ", not a " + type.getName());
            }
            return type.cast(o);
        } catch (IOException | ClassNotFoundException | IllegalArgumentException e) {
            throw new InvalidStateFileException("the engine state in the state file cannot be read (written by "
                    + "another version of shadowimage?): " + e);
        }
    }
}
