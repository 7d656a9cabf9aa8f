package org.caravan.core.desktop;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The part of the freedesktop notification service ({@code org.freedesktop.Notifications} on the session bus,
 * Desktop Notifications Specification 1.2) that Caravan calls. Public only because D-Bus proxies need it so.
 */
@DBusInterfaceName("org.freedesktop.Notifications")
public interface Notifications extends DBusInterface {
    /** The bus name and object path the service is reached at. */
    String BUS_NAME = "org.freedesktop.Notifications";
    String OBJECT_PATH = "/org/freedesktop/Notifications";

    /**
     * Shows a notification; returns its id. {@code expireTimeout} in ms, -1 for the server's default, 0 never.
     * The name is the D-Bus method's.
     */
    @SuppressWarnings("checkstyle:MethodName")
    UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body, List<String> actions,
            Map<String, Variant<?>> hints, int expireTimeout);
}
