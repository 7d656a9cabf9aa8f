/**
 * Uploader/downloader plugins: a publisher mirrors (private or licensed) content on storage of their own behind
 * credentials. {@link StoragePlugin} is the shape (upload, download, list missing files, plugin info);
 * {@link HttpBearerStorage} the one implementation, over HTTP(S) with a bearer token.
 */
package org.caravan.core.storage;
