package org.caravan.gui;

import java.nio.file.Path;
import org.caravan.core.client.CaravanClient;

/** Opens the client of a Caravan home folder; lets the window run on any {@link CaravanClient}. */
@FunctionalInterface
public interface ClientFactory {
    CaravanClient open(Path home);
}
