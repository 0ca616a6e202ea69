#ifndef CHDF5_SHIM_H
#define CHDF5_SHIM_H

// The C side of the HDF5 binding. It holds no logic: only what Swift cannot import directly.
//
// HDF5's type and property-list identifiers are macros that call H5open() and read a global
// (H5T_NATIVE_FLOAT is `(H5OPEN H5T_NATIVE_FLOAT_g)`), and its flags are macros with the same
// prefix, so Swift sees none of them. Each getter below returns one of them.

#include <hdf5.h>

static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_c_s1(void) { return H5T_C_S1; }
static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline hid_t chdf5_p_default(void) { return H5P_DEFAULT; }
static inline hid_t chdf5_s_all(void) { return H5S_ALL; }
static inline hid_t chdf5_p_file_access(void) { return H5P_FILE_ACCESS; }
static inline size_t chdf5_variable_size(void) { return H5T_VARIABLE; }

/// Stops HDF5 from printing its error stack to stderr on every failed call; the Swift layer
/// turns return codes into errors and reads the stack itself.
static inline herr_t chdf5_silence_errors(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/// Walks the default error stack and copies the innermost message (the most specific one)
/// into `buffer`. Returns the number of bytes written, 0 if the stack is empty.
typedef struct { char *buffer; size_t capacity; size_t length; } chdf5_error_sink;

static inline herr_t chdf5_error_walker(unsigned n, const H5E_error2_t *err, void *data) {
    chdf5_error_sink *sink = (chdf5_error_sink *)data;
    if (n != 0 || err == NULL || err->desc == NULL || sink->capacity == 0) { return 0; }
    size_t i = 0;
    for (; err->desc[i] != '\0' && i + 1 < sink->capacity; i++) { sink->buffer[i] = err->desc[i]; }
    sink->buffer[i] = '\0';
    sink->length = i;
    return 0;
}

static inline size_t chdf5_last_error_message(char *buffer, size_t capacity) {
    chdf5_error_sink sink = { buffer, capacity, 0 };
    if (capacity > 0) { buffer[0] = '\0'; }
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, chdf5_error_walker, &sink);
    H5Eclear2(H5E_DEFAULT);
    return sink.length;
}

/// One callback type for link iteration, whatever API version the installed header maps
/// H5Literate to (1.10's H5L_info_t, 1.12+'s H5L_info2_t): Swift sees only a name.
typedef int (*chdf5_link_visitor)(const char *name, void *context);

typedef struct { chdf5_link_visitor visit; void *context; } chdf5_link_iteration;

#if H5_VERSION_GE(1, 12, 0)
static inline herr_t chdf5_link_trampoline(hid_t group, const char *name, const H5L_info2_t *info, void *data) {
#else
static inline herr_t chdf5_link_trampoline(hid_t group, const char *name, const H5L_info_t *info, void *data) {
#endif
    (void)group; (void)info;
    chdf5_link_iteration *iteration = (chdf5_link_iteration *)data;
    return iteration->visit(name, iteration->context);
}

/// Calls `visit` with the name of every link in `group`, in name order.
static inline herr_t chdf5_iterate_links(hid_t group, chdf5_link_visitor visit, void *context) {
    chdf5_link_iteration iteration = { visit, context };
    hsize_t index = 0;
#if H5_VERSION_GE(1, 12, 0)
    return H5Literate2(group, H5_INDEX_NAME, H5_ITER_INC, &index, chdf5_link_trampoline, &iteration);
#else
    return H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, chdf5_link_trampoline, &iteration);
#endif
}

/// The kind of object at `name` under `location`: 0 group, 1 dataset, 2 named datatype, -1 missing or error.
/// `lapl` is the link access property list used to get there.
static inline int chdf5_object_kind(hid_t location, const char *name, hid_t lapl) {
    if (H5Lexists(location, name, lapl) <= 0) { return -1; }
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info_by_name3(location, name, &info, H5O_INFO_BASIC, lapl) < 0) { return -1; }
#else
    H5O_info_t info;
    if (H5Oget_info_by_name(location, name, &info, lapl) < 0) { return -1; }
#endif
    switch (info.type) {
    case H5O_TYPE_GROUP: return 0;
    case H5O_TYPE_DATASET: return 1;
    case H5O_TYPE_NAMED_DATATYPE: return 2;
    default: return -1;
    }
}

/// The type of the link `name` under `location` (H5L_TYPE_HARD 0, SOFT 1, EXTERNAL 64, user-defined
/// above), or -1 if there is none. The link itself is examined, not followed.
static inline int chdf5_link_type(hid_t location, const char *name) {
#if H5_VERSION_GE(1, 12, 0)
    H5L_info2_t info;
    if (H5Lget_info2(location, name, &info, H5P_DEFAULT) < 0) { return -1; }
#else
    H5L_info_t info;
    if (H5Lget_info(location, name, &info, H5P_DEFAULT) < 0) { return -1; }
#endif
    return (int)info.type;
}

/// Refuses to traverse an external link: a hostile file must not make the reader open other files.
static inline herr_t chdf5_refuse_external_link(const char *parent_file, const char *parent_group,
                                                const char *child_file, const char *child_object,
                                                unsigned *flags, hid_t fapl, void *data) {
    (void)parent_file; (void)parent_group; (void)child_file; (void)child_object;
    (void)flags; (void)fapl; (void)data;
    return -1;
}

/// A new access property list of class `kind` (0 link, 1 group, 2 dataset access) whose external
/// link callback refuses every traversal, or a negative value on failure.
static inline hid_t chdf5_access_without_external_links(int kind) {
    hid_t cls = kind == 2 ? H5P_DATASET_ACCESS : kind == 1 ? H5P_GROUP_ACCESS : H5P_LINK_ACCESS;
    hid_t plist = H5Pcreate(cls);
    if (plist < 0) { return plist; }
    if (H5Pset_elink_cb(plist, chdf5_refuse_external_link, NULL) < 0) { H5Pclose(plist); return -1; }
    return plist;
}

#endif
