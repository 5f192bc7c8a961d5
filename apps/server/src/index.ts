/** @bulwark/server: the clearinghouse server. */
